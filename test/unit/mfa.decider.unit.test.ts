import { describe, expect, it } from 'vitest';
import {
  backupCodeMatches,
  hashBackupCode,
  type MfaCommand,
  type MfaEvent,
  mfaDecider,
} from '../../src/domain/mfa/index.js';
import { fold } from '../../src/domain/shared/decider.js';
import { type DeciderCase, runCase } from '../helpers/decider.js';

const accountId = '7';
const secret = 'enc:v1:iv:secret:tag';
const otherSecret = 'enc:v1:iv:other:tag';
const codeA = '0123456789abcdef';
const codeB = 'fedcba9876543210';
const hashA = hashBackupCode(codeA, '00112233445566778899aabbccddeeff');
const hashB = hashBackupCode(codeB, 'ffeeddccbbaa99887766554433221100');

const setupStarted: MfaEvent = { type: 'MfaTotpSetupStarted', data: { accountId, secret } };
const otherSetup: MfaEvent = { type: 'MfaTotpSetupStarted', data: { accountId, secret: otherSecret } };
const enabled: MfaEvent = { type: 'MfaEnabled', data: { accountId, method: 'totp', timeStep: 100 } };
const disabled: MfaEvent = { type: 'MfaDisabled', data: { accountId, method: 'totp' } };
const codes: MfaEvent = { type: 'BackupCodesGenerated', data: { accountId, codeHashes: [hashA, hashB] } };
const usedA: MfaEvent = { type: 'BackupCodeUsed', data: { accountId, codeHash: hashA } };
const step = (timeStep: number): MfaEvent => ({ type: 'TotpCodeUsed', data: { accountId, timeStep } });

const confirm = (timeStep: number, sealedSecret = secret): MfaCommand => ({
  type: 'ConfirmTotp',
  accountId,
  sealedSecret,
  timeStep,
});
const useTotp = (timeStep: number, sealedSecret = secret): MfaCommand => ({
  type: 'UseTotpCode',
  accountId,
  sealedSecret,
  timeStep,
});
const useBackup = (code: string): MfaCommand => ({ type: 'UseBackupCode', accountId, code });

const invalidCode = (code: string) => ({ code, status: 400, message: 'Invalid code' });
const invalidToken = (code: string) => ({ code, status: 422, message: 'invalid_token' });

const cases: DeciderCase<MfaCommand, MfaEvent>[] = [
  {
    name: 'setting TOTP up records the sealed secret',
    given: [],
    when: { type: 'SetupTotp', accountId, sealedSecret: secret },
    expected: [setupStarted],
  },
  {
    name: 'setting TOTP up again while enabled records the new secret (enabled stays, §3.3)',
    given: [setupStarted, enabled],
    when: { type: 'SetupTotp', accountId, sealedSecret: otherSecret },
    expected: [otherSetup],
  },
  {
    name: 'a code of the pending secret enables MFA',
    given: [setupStarted],
    when: confirm(100),
    expected: [enabled],
  },
  {
    name: 'confirming before any setup is invalid_token',
    given: [],
    when: confirm(100),
    error: invalidToken('totp_not_set_up'),
  },
  {
    name: 'confirming after TOTP was disabled is invalid_token',
    given: [setupStarted, enabled, disabled],
    when: confirm(200),
    error: invalidToken('totp_not_set_up'),
  },
  {
    name: 'confirming against a secret replaced meanwhile is invalid_token',
    given: [setupStarted, otherSetup],
    when: confirm(100, secret),
    error: invalidToken('totp_secret_changed'),
  },
  {
    name: 'confirming with a code of an already used time step is invalid_token',
    given: [setupStarted, enabled, otherSetup],
    when: confirm(100, otherSecret),
    error: invalidToken('totp_code_replayed'),
  },
  {
    name: 'confirming what is already confirmed changes nothing',
    given: [setupStarted, enabled],
    when: confirm(101),
    expected: [],
  },
  {
    name: 'disabling TOTP records it',
    given: [setupStarted, enabled],
    when: { type: 'DisableMfa', accountId, method: 'totp' },
    expected: [disabled],
  },
  {
    name: 'force-disabling MFA records the method asked',
    given: [setupStarted, enabled],
    when: { type: 'DisableMfa', accountId, method: 'mfa' },
    expected: [{ type: 'MfaDisabled', data: { accountId, method: 'mfa' } }],
  },
  {
    name: 'disabling a pending, unconfirmed setup resets it',
    given: [setupStarted],
    when: { type: 'DisableMfa', accountId, method: 'totp' },
    expected: [disabled],
  },
  {
    name: 'disabling when nothing is set up appends nothing',
    given: [codes],
    when: { type: 'DisableMfa', accountId, method: 'mfa' },
    expected: [],
  },
  {
    name: 'backup codes are generated whether or not MFA is on',
    given: [],
    when: { type: 'GenerateBackupCodes', accountId, codeHashes: [hashA, hashB] },
    expected: [codes],
  },
  {
    name: 'a TOTP code of a new time step passes',
    given: [setupStarted, enabled],
    when: useTotp(101),
    expected: [step(101)],
  },
  {
    name: 'a TOTP code of the time step that confirmed MFA is a replay',
    given: [setupStarted, enabled],
    when: useTotp(100),
    error: invalidCode('totp_code_replayed'),
  },
  {
    name: 'a TOTP code of a time step already used (or an earlier one) is a replay',
    given: [setupStarted, enabled, step(105)],
    when: useTotp(104),
    error: invalidCode('totp_code_replayed'),
  },
  {
    name: 'a TOTP code fails when MFA is off',
    given: [setupStarted],
    when: useTotp(101),
    error: invalidCode('mfa_not_enabled'),
  },
  {
    name: 'a TOTP code fails after a new, unconfirmed setup (only recovery works, §3.3)',
    given: [setupStarted, enabled, otherSetup],
    when: useTotp(101, otherSecret),
    error: invalidCode('totp_not_confirmed'),
  },
  {
    name: 'a TOTP code checked against a secret replaced meanwhile fails',
    given: [otherSetup, enabled],
    when: useTotp(101, secret),
    error: invalidCode('totp_secret_changed'),
  },
  {
    name: 'a backup code passes once and is spent',
    given: [setupStarted, enabled, codes],
    when: useBackup(codeA),
    expected: [usedA],
  },
  {
    name: 'a backup code is matched whatever its case and separators',
    given: [setupStarted, enabled, codes],
    when: useBackup(' 0123-4567 89AB-CDEF '),
    expected: [usedA],
  },
  {
    name: 'a spent backup code fails',
    given: [setupStarted, enabled, codes, usedA],
    when: useBackup(codeA),
    error: invalidCode('backup_code_invalid'),
  },
  {
    name: 'a wrong or empty backup code fails',
    given: [setupStarted, enabled, codes],
    when: useBackup(''),
    error: invalidCode('backup_code_invalid'),
  },
  {
    name: 'a backup code of a replaced set fails',
    given: [setupStarted, enabled, codes, { ...codes, data: { accountId, codeHashes: [hashB] } }],
    when: useBackup(codeA),
    error: invalidCode('backup_code_invalid'),
  },
  {
    name: 'a backup code fails while MFA is off',
    given: [codes],
    when: useBackup(codeA),
    error: invalidCode('mfa_not_enabled'),
  },
  {
    name: 'a backup code still works after a new, unconfirmed setup',
    given: [setupStarted, enabled, codes, otherSetup],
    when: useBackup(codeB),
    expected: [{ type: 'BackupCodeUsed', data: { accountId, codeHash: hashB } }],
  },
];

describe('the MFA decider', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, testCase) => runCase(mfaDecider, testCase));
});

describe('the MFA state', () => {
  it('remembers the latest accepted time step, whatever order steps were accepted in', () => {
    const state = fold(mfaDecider, [setupStarted, enabled, step(120), step(110)]);
    expect(state.lastTimeStep).toBe(120);
  });

  it('keeps backup codes when MFA is disabled, as Pleroma does', () => {
    const state = fold(mfaDecider, [setupStarted, enabled, codes, disabled]);
    expect(state).toMatchObject({ enabled: false, totp: { status: 'none' }, backupCodes: [hashA, hashB] });
  });
});

describe('backup code hashes', () => {
  it('are salted: one code hashes differently under two salts, and each matches only its code', () => {
    const other = hashBackupCode(codeA, 'ffeeddccbbaa99887766554433221100');
    expect(other).not.toBe(hashA);
    expect(backupCodeMatches(codeA, hashA)).toBe(true);
    expect(backupCodeMatches(codeA, other)).toBe(true);
    expect(backupCodeMatches(codeB, hashA)).toBe(false);
    expect(backupCodeMatches(codeA, 'garbage')).toBe(false);
    expect(hashA).not.toContain(codeA);
  });
});
