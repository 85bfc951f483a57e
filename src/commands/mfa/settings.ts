import { randomBytes } from 'node:crypto';
import {
  hashBackupCode,
  invalidToken,
  type MfaCommand,
  type MfaEvent,
  type MfaState,
  mfaDecider,
  mfaStream,
} from '../../domain/mfa/index.js';
import { fold } from '../../domain/shared/decider.js';
import { DomainError, notFound } from '../../domain/shared/errors.js';
import type { EventStore } from '../../eventstore/eventStore.js';
import { ACCOUNTS_PROJECTOR } from '../../projections/accounts/projector.js';
import { findAccountById } from '../../projections/accounts/queries.js';
import { requirePassword } from '../accounts/passwords.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';
import type { MfaCommandDeps } from './deps.js';
import { matchTotpCode, newTotpSecret, provisioningUri } from './totp.js';

/** §3.1: Pleroma's default, 5 codes of 16 lowercase hex characters. */
export const BACKUP_CODE_COUNT = 5;
const BACKUP_CODE_BYTES = 8;

/** The account's MFA state from its own stream: the write model, for decisions that need the secret first. */
export async function loadMfa(deps: { eventStore: EventStore }, accountId: string): Promise<MfaState> {
  const history = await deps.eventStore.readStream(mfaStream(accountId));
  return fold(mfaDecider, history as unknown as MfaEvent[]);
}

export async function runMfaCommand(deps: MfaCommandDeps, command: MfaCommand, context: CommandContext) {
  return handleCommand(deps.eventStore, mfaStream(command.accountId), mfaDecider, command, context);
}

/** Runs a command that changes what the accounts read model shows, and waits for it (read-your-writes). */
async function changeStatus(deps: MfaCommandDeps, command: MfaCommand, context: CommandContext) {
  const result = await runMfaCommand(deps, command, context);
  await deps.projections.waitFor([ACCOUNTS_PROJECTOR], result.position);
}

export interface TotpSetup {
  key: string;
  provisioningUri: string;
}

/** Longer than any password registration accepts: wrong without spending a hash on it. */
const PASSWORD_MAX = 1024;

/** §0.8 with §3's status: a missing, oversized or wrong password is 422 "Invalid password.". */
async function checkPassword(deps: MfaCommandDeps, accountId: string, password: string | undefined) {
  if (password !== undefined && password.length > PASSWORD_MAX) {
    throw new DomainError('invalid_password', 'Invalid password.', 422);
  }
  await requirePassword(deps, accountId, password, 422);
}

/** §3.3: a new unconfirmed secret, sealed with the account's key in its event; shown once, here. */
export async function setupTotp(
  deps: MfaCommandDeps,
  accountId: string,
  context: CommandContext,
): Promise<TotpSetup> {
  const account = await findAccountById(deps.db, accountId);
  if (!account) throw notFound();
  const secret = newTotpSecret();
  const sealedSecret = await deps.keys.encrypt(accountId, secret);
  await changeStatus(deps, { type: 'SetupTotp', accountId, sealedSecret }, context);
  const email = account.emailEncrypted ? await deps.keys.decrypt(accountId, account.emailEncrypted) : null;
  return { key: secret, provisioningUri: provisioningUri(secret, email ?? '', deps.config.INSTANCE_NAME) };
}

/** §3.4: the password, then a code of the pending secret, turn TOTP and MFA on. */
export async function confirmTotp(
  deps: MfaCommandDeps,
  accountId: string,
  input: { password: string; code: string },
  context: CommandContext,
): Promise<void> {
  await checkPassword(deps, accountId, input.password);
  const { totp } = await loadMfa(deps, accountId);
  if (totp.status === 'none') throw invalidToken('totp_not_set_up');
  const secret = await deps.keys.decrypt(accountId, totp.sealedSecret);
  const timeStep = secret === null ? null : await matchTotpCode(secret, input.code, context.time);
  if (timeStep === null) throw invalidToken('totp_code_wrong');
  const command = { type: 'ConfirmTotp', accountId, sealedSecret: totp.sealedSecret, timeStep } as const;
  await changeStatus(deps, command, context);
}

/** §3.5: with the password, TOTP reset to blank and MFA off (`totp` and `mfa` alike: TOTP is the only method). */
export async function disableMfa(
  deps: MfaCommandDeps,
  accountId: string,
  input: { method: 'totp' | 'mfa'; password?: string | undefined },
  context: CommandContext,
): Promise<void> {
  await checkPassword(deps, accountId, input.password);
  await changeStatus(deps, { type: 'DisableMfa', accountId, method: input.method }, context);
}

/** §3.6: a fresh set replacing every previous code; the plaintext exists only in this answer. */
export async function generateBackupCodes(
  deps: MfaCommandDeps,
  accountId: string,
  context: CommandContext,
): Promise<string[]> {
  const codes = Array.from({ length: BACKUP_CODE_COUNT }, () =>
    randomBytes(BACKUP_CODE_BYTES).toString('hex'),
  );
  const codeHashes = codes.map((code) => hashBackupCode(code, randomBytes(16).toString('hex')));
  await runMfaCommand(deps, { type: 'GenerateBackupCodes', accountId, codeHashes }, context);
  return codes;
}
