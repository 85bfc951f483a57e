import type { DomainEvent } from '../shared/decider.js';

/**
 * Multi-factor authentication facts (§3), on the stream `mfa-<accountId>`. The TOTP secret is sealed with the
 * account's key (practice 6: destroying the key forgets it); backup codes are kept only as salted hashes.
 */

/** A new TOTP secret, not yet confirmed: it replaces any previous one, `enabled` is left as it was (§3.3). */
export type MfaTotpSetupStarted = DomainEvent<
  'MfaTotpSetupStarted',
  { accountId: string /** Base32 secret, sealed with the account's key. */; secret: string }
>;

/**
 * The pending TOTP secret was confirmed with a valid code: TOTP is on and so is MFA (§3.4). `timeStep` is the
 * time step of the code that confirmed it, which may not be used again.
 */
export type MfaEnabled = DomainEvent<'MfaEnabled', { accountId: string; method: 'totp'; timeStep: number }>;

/** TOTP reset to blank and MFA off (§3.5); `method` is what was asked: `totp`, or `mfa` (force). */
export type MfaDisabled = DomainEvent<'MfaDisabled', { accountId: string; method: 'totp' | 'mfa' }>;

/** A fresh set of backup codes replacing every previous one; `codeHashes` from hashBackupCode. */
export type BackupCodesGenerated = DomainEvent<
  'BackupCodesGenerated',
  { accountId: string; codeHashes: string[] }
>;

/** A backup (recovery) code passed a challenge and is spent. */
export type BackupCodeUsed = DomainEvent<'BackupCodeUsed', { accountId: string; codeHash: string }>;

/** A TOTP code passed a challenge; codes of this time step and earlier are refused from now on (no replay). */
export type TotpCodeUsed = DomainEvent<'TotpCodeUsed', { accountId: string; timeStep: number }>;

export type MfaEvent =
  | MfaTotpSetupStarted
  | MfaEnabled
  | MfaDisabled
  | BackupCodesGenerated
  | BackupCodeUsed
  | TotpCodeUsed;

export const mfaEventTypes = [
  'MfaTotpSetupStarted',
  'MfaEnabled',
  'MfaDisabled',
  'BackupCodesGenerated',
  'BackupCodeUsed',
  'TotpCodeUsed',
] as const satisfies readonly MfaEvent['type'][];

/** Fields sealed with the account's key: redacted in audits, unreadable once the key is destroyed. */
export const mfaEncryptedFields = {
  MfaTotpSetupStarted: ['secret'],
} as const satisfies Partial<Record<MfaEvent['type'], readonly string[]>>;

export const mfaStream = (accountId: string) => `mfa-${accountId}`;
