import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { matchTotpCode, newTotpSecret, provisioningUri } from '../../src/commands/mfa/totp.js';

const now = new Date('2026-03-01T12:00:10Z');
const step = Math.floor(now.getTime() / 30_000);
const codeAt = (secret: string, steps: number) =>
  generate({ secret, epoch: Math.floor(now.getTime() / 1000) + steps * 30 });

describe('TOTP codes', () => {
  it('makes 160-bit Base32 secrets', () => {
    expect(newTotpSecret()).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(newTotpSecret());
  });

  it('accepts the current step and one either side, telling which step matched', async () => {
    const secret = newTotpSecret();
    for (const offset of [-1, 0, 1]) {
      expect(await matchTotpCode(secret, await codeAt(secret, offset), now)).toBe(step + offset);
    }
  });

  it('refuses codes two steps away, malformed codes and undecodable secrets', async () => {
    const secret = newTotpSecret();
    for (const offset of [-2, 2])
      expect(await matchTotpCode(secret, await codeAt(secret, offset), now)).toBeNull();
    const code = await codeAt(secret, 0);
    for (const bad of ['', '12345', '1234567', ` ${code}`, 'abcdef', '١٢٣٤٥٦']) {
      expect(await matchTotpCode(secret, bad, now)).toBeNull();
    }
    expect(await matchTotpCode('not base32!', code, now)).toBeNull();
  });

  it("builds Pleroma's provisioning URI: e-mail label, sorted form-encoded query", () => {
    expect(provisioningUri('ABC', 'a.b@example.org', 'My Instance')).toBe(
      'otpauth://totp/a.b@example.org?digits=6&issuer=My+Instance&period=30&secret=ABC',
    );
    expect(provisioningUri('ABC', '', 'Annals')).toBe(
      'otpauth://totp/?digits=6&issuer=Annals&period=30&secret=ABC',
    );
  });
});
