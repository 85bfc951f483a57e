import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * A new bearer secret (access token, refresh token, authorization code, client id or secret): 32 random
 * bytes, URL-safe base64 without padding, as Pleroma makes them.
 */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored instead of a secret: SHA-256, hex. High-entropy secrets need no slow hash. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
