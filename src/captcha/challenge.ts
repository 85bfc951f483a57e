import { randomBytes } from 'node:crypto';
import { deriveKey, open, seal } from '../crypto/cipher.js';
import { randomAnswer, renderCaptcha } from './image.js';

/** Pleroma's `[Pleroma.Captcha, :seconds_valid]` default. */
export const CAPTCHA_SECONDS_VALID = 300;

/** §1.2, the native provider's answer. */
export interface NativeCaptcha {
  type: 'native';
  token: string;
  url: string;
  answer_data: string;
  seconds_valid: number;
}

export interface SealedAnswer {
  answer: string;
  at: Date;
}

/**
 * The stateless half of the native captcha: the answer travels with the client, sealed (AES-256-GCM under a
 * key derived from the master key) together with the time it was made and bound to its token, so it can be
 * neither read, forged, nor moved to another token. What stays on the server is only which tokens were used.
 */
export interface Captcha {
  issue(now: Date): NativeCaptcha;
  /** The sealed answer and its time, or null when `answerData` was not sealed here for `token`. */
  open(token: string, answerData: string): SealedAnswer | null;
}

export function createCaptcha(
  masterKey: Buffer,
  render: (answer: string) => Buffer = renderCaptcha,
): Captcha {
  const key = deriveKey(masterKey, 'captcha-answer');
  const context = (token: string) => `captcha:${token}`;
  return {
    issue(now) {
      // Pleroma's native token: 10 random bytes, URL-safe base64 without padding.
      const token = randomBytes(10).toString('base64url');
      const answer = randomAnswer();
      const payload = JSON.stringify({ answer, at: now.toISOString() });
      return {
        type: 'native',
        token,
        url: `data:image/png;base64,${render(answer).toString('base64')}`,
        answer_data: seal(key, Buffer.from(payload, 'utf8'), context(token)),
        seconds_valid: CAPTCHA_SECONDS_VALID,
      };
    },
    open(token, answerData) {
      try {
        const payload = JSON.parse(open(key, answerData, context(token)).toString('utf8'));
        const at = new Date(payload.at);
        if (typeof payload.answer !== 'string' || Number.isNaN(at.getTime())) return null;
        return { answer: payload.answer, at };
      } catch {
        return null;
      }
    },
  };
}
