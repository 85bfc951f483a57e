/**
 * MFA commands. What needs I/O or randomness arrives ready-made: the new secret already sealed, backup codes
 * already hashed, a TOTP code already checked against the decrypted secret (the command names the sealed
 * secret it was checked against and the time step it matched, and the decider re-checks both).
 */

export interface SetupTotp {
  type: 'SetupTotp';
  accountId: string;
  sealedSecret: string;
}

export interface ConfirmTotp {
  type: 'ConfirmTotp';
  accountId: string;
  /** The sealed secret the code was verified against: it must still be the pending one. */
  sealedSecret: string;
  timeStep: number;
}

export interface DisableMfa {
  type: 'DisableMfa';
  accountId: string;
  method: 'totp' | 'mfa';
}

export interface GenerateBackupCodes {
  type: 'GenerateBackupCodes';
  accountId: string;
  codeHashes: string[];
}

/** A second factor presented at login (§3.7 challenge or verify). */
export interface UseTotpCode {
  type: 'UseTotpCode';
  accountId: string;
  sealedSecret: string;
  timeStep: number;
}

export interface UseBackupCode {
  type: 'UseBackupCode';
  accountId: string;
  /** As typed: matched against the stored salted hashes by the decider. */
  code: string;
}

export type MfaCommand =
  | SetupTotp
  | ConfirmTotp
  | DisableMfa
  | GenerateBackupCodes
  | UseTotpCode
  | UseBackupCode;
