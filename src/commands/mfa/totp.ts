import { generateSecret, verify } from 'otplib';

/** §3.1: Pleroma's TOTP settings, which every authenticator app supports (SHA-1). */
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;

/**
 * 20 random bytes (160 bits, RFC 4226's recommended length, 32 Base32 characters). Pleroma uses 10; otplib
 * refuses secrets under 16 bytes, and a longer secret costs clients nothing.
 */
const SECRET_BYTES = 20;

/** One period either side, for clocks that drift; replays are refused by the decider, not by a narrow window. */
const TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;

export const newTotpSecret = (): string => generateSecret({ length: SECRET_BYTES });

/**
 * Pleroma's provisioning URI (MFA.TOTP.provisioning_uri): the label is the user's e-mail (empty without
 * one), the query `digits`, `issuer`, `period`, `secret` in that order, form-encoded.
 */
export function provisioningUri(secret: string, label: string, issuer: string): string {
  const query = new URLSearchParams([
    ['digits', String(TOTP_DIGITS)],
    ['issuer', issuer],
    ['period', String(TOTP_PERIOD_SECONDS)],
    ['secret', secret],
  ]);
  return `otpauth://totp/${encodeURIComponent(label).replace(/%40/g, '@')}?${query}`;
}

const CODE_PATTERN = new RegExp(`^\\d{${TOTP_DIGITS}}$`);

/** The time step the code belongs to, or null when it fits none near `now` (or is no code at all). */
export async function matchTotpCode(secret: string, code: string, now: Date): Promise<number | null> {
  if (!CODE_PATTERN.test(code)) return null;
  try {
    const result = await verify({
      secret,
      token: code,
      digits: TOTP_DIGITS,
      period: TOTP_PERIOD_SECONDS,
      epoch: Math.floor(now.getTime() / 1000),
      epochTolerance: TOLERANCE_SECONDS,
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  } catch {
    return null; // a secret otplib cannot decode: no code fits it
  }
}
