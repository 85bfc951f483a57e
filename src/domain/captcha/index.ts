import type { Decider, DomainEvent } from '../shared/decider.js';
import { assertNever, DomainError } from '../shared/errors.js';

/**
 * A native captcha token is good for one registration attempt. Its stream `captcha-<token>` holds one
 * CaptchaUsed; appending it with `no_stream` makes two concurrent attempts with one token yield one winner.
 */
export type CaptchaUsed = DomainEvent<'CaptchaUsed', { token: string }>;
export type CaptchaEvent = CaptchaUsed;

export type UseCaptcha = { type: 'UseCaptcha'; token: string };
export type CaptchaCommand = UseCaptcha;

export type CaptchaState = { used: boolean };

/**
 * Pleroma's captcha refusals (TwitterAPI.validate_captcha): 400 with the reason JSON-encoded into `error`,
 * e.g. `{"error":"{\"captcha\":[\"Invalid CAPTCHA\"]}"}` ("for some reason FE expects" it so).
 */
export const captchaError = (reason: string) =>
  new DomainError('captcha_invalid', JSON.stringify({ captcha: [reason] }), 400);

export const CAPTCHA_REASONS = {
  invalid: 'Invalid CAPTCHA',
  expired: 'CAPTCHA expired',
  alreadyUsed: 'CAPTCHA already used',
  invalidAnswerData: 'Invalid answer data',
  missing: (name: string) => `Invalid CAPTCHA (Missing parameter: ${name})`,
} as const;

export const captchaStream = (token: string) => `captcha-${token}`;

export const captchaDecider: Decider<CaptchaCommand, CaptchaEvent, CaptchaState> = {
  initialState: { used: false },
  evolve(_state, event) {
    switch (event.type) {
      case 'CaptchaUsed':
        return { used: true };
      default:
        return assertNever(event.type);
    }
  },
  decide(command, state) {
    switch (command.type) {
      case 'UseCaptcha':
        if (state.used) throw captchaError(CAPTCHA_REASONS.alreadyUsed);
        return [{ type: 'CaptchaUsed', data: { token: command.token } }];
      default:
        return assertNever(command.type);
    }
  },
};
