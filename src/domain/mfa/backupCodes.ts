import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Backup codes are stored as `<salt>:<sha256(salt ‖ code)>` (hex). A fast salted hash, not argon2: the codes
 * are 64 random bits (not chosen by people), so brute-forcing one hash is out of reach anyway, each code is
 * single use and worthless without the password; and a challenge compares against every stored code, which
 * with argon2 would cost several password hashes per attempt (a free amplifier for attackers).
 */
export function hashBackupCode(code: string, saltHex: string): string {
  const digest = createHash('sha256').update(Buffer.from(saltHex, 'hex')).update(code, 'utf8').digest('hex');
  return `${saltHex}:${digest}`;
}

/** Constant-time check of a presented code against one stored hash. */
export function backupCodeMatches(code: string, stored: string): boolean {
  const [salt, expected] = stored.split(':');
  if (!salt || !expected) return false;
  const presented = Buffer.from(hashBackupCode(code, salt).slice(salt.length + 1), 'hex');
  const wanted = Buffer.from(expected, 'hex');
  return presented.length === wanted.length && timingSafeEqual(presented, wanted);
}

/** Codes are lowercase hex; people may type them in capitals or with spaces and dashes. */
export function normaliseBackupCode(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase();
}
