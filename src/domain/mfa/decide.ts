import { assertNever, DomainError } from '../shared/errors.js';
import { backupCodeMatches, normaliseBackupCode } from './backupCodes.js';
import type { ConfirmTotp, MfaCommand, UseBackupCode, UseTotpCode } from './commands.js';
import type { MfaEvent } from './events.js';
import type { MfaState } from './state.js';

/**
 * §3.7: every failed login challenge is answered 400 "Invalid code", whatever the reason; `code` tells the
 * reason apart for logs and tests.
 */
export const invalidCode = (reason: string) => new DomainError(reason, 'Invalid code', 400);

/** §3.4: a code that does not fit the pending secret is 422 "invalid_token". */
export const invalidToken = (reason: string) => new DomainError(reason, 'invalid_token', 422);

const replayed = (state: MfaState, timeStep: number) =>
  state.lastTimeStep !== null && timeStep <= state.lastTimeStep;

function confirmTotp(command: ConfirmTotp, state: MfaState): MfaEvent[] {
  const { totp } = state;
  if (totp.status === 'none') throw invalidToken('totp_not_set_up');
  if (totp.sealedSecret !== command.sealedSecret) throw invalidToken('totp_secret_changed');
  if (replayed(state, command.timeStep)) throw invalidToken('totp_code_replayed');
  if (totp.status === 'confirmed' && state.enabled) return [];
  return [
    {
      type: 'MfaEnabled',
      data: { accountId: command.accountId, method: 'totp', timeStep: command.timeStep },
    },
  ];
}

function useTotpCode(command: UseTotpCode, state: MfaState): MfaEvent[] {
  // Pleroma's TOTPAuthenticator: MFA enabled *and* TOTP confirmed (after a new setup only recovery works).
  if (!state.enabled) throw invalidCode('mfa_not_enabled');
  if (state.totp.status !== 'confirmed') throw invalidCode('totp_not_confirmed');
  if (state.totp.sealedSecret !== command.sealedSecret) throw invalidCode('totp_secret_changed');
  if (replayed(state, command.timeStep)) throw invalidCode('totp_code_replayed');
  return [{ type: 'TotpCodeUsed', data: { accountId: command.accountId, timeStep: command.timeStep } }];
}

function useBackupCode(command: UseBackupCode, state: MfaState): MfaEvent[] {
  if (!state.enabled) throw invalidCode('mfa_not_enabled');
  const code = normaliseBackupCode(command.code);
  const codeHash = code === '' ? undefined : state.backupCodes.find((hash) => backupCodeMatches(code, hash));
  // A code used by a concurrent request is gone from the state the retried decision sees: exactly one wins.
  if (!codeHash) throw invalidCode('backup_code_invalid');
  return [{ type: 'BackupCodeUsed', data: { accountId: command.accountId, codeHash } }];
}

export function decideMfa(command: MfaCommand, state: MfaState): MfaEvent[] {
  switch (command.type) {
    case 'SetupTotp':
      return [
        { type: 'MfaTotpSetupStarted', data: { accountId: command.accountId, secret: command.sealedSecret } },
      ];
    case 'ConfirmTotp':
      return confirmTotp(command, state);
    case 'DisableMfa':
      if (!state.enabled && state.totp.status === 'none') return [];
      return [{ type: 'MfaDisabled', data: { accountId: command.accountId, method: command.method } }];
    case 'GenerateBackupCodes':
      return [
        {
          type: 'BackupCodesGenerated',
          data: { accountId: command.accountId, codeHashes: [...command.codeHashes] },
        },
      ];
    case 'UseTotpCode':
      return useTotpCode(command, state);
    case 'UseBackupCode':
      return useBackupCode(command, state);
    default:
      return assertNever(command);
  }
}
