import { timingSafeEqual } from 'node:crypto';
import { CAPTCHA_SECONDS_VALID, type Captcha } from '../../captcha/challenge.js';
import { CAPTCHA_REASONS, captchaDecider, captchaError, captchaStream } from '../../domain/captcha/index.js';
import type { EventStore } from '../../eventstore/eventStore.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';
import { subcommand } from '../oauth/deps.js';

export interface CaptchaAnswer {
  captcha_solution?: unknown;
  captcha_token?: unknown;
  captcha_answer_data?: unknown;
}

const PARAMETERS = ['captcha_solution', 'captcha_token', 'captcha_answer_data'] as const;

const normalise = (answer: string) => Buffer.from(answer.trim().toUpperCase(), 'utf8');

function matches(solution: string, answer: string): boolean {
  const given = normalise(solution);
  const expected = normalise(answer);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Pleroma's Captcha.validate for the native provider, in its order: parameters present, answer data
 * authentic, not expired, not used, right answer. Beyond Pleroma, a token is spent by any attempt that gets
 * that far, not only by a right one, so one picture cannot be guessed at repeatedly within its 5 minutes.
 */
export async function verifyCaptcha(
  deps: { captcha: Captcha; eventStore: EventStore },
  params: CaptchaAnswer,
  context: CommandContext,
): Promise<void> {
  for (const name of PARAMETERS) {
    if (typeof params[name] !== 'string') throw captchaError(CAPTCHA_REASONS.missing(name));
  }
  const token = params.captcha_token as string;
  const sealed = deps.captcha.open(token, params.captcha_answer_data as string);
  if (!sealed) throw captchaError(CAPTCHA_REASONS.invalidAnswerData);
  if (context.time.getTime() - sealed.at.getTime() > CAPTCHA_SECONDS_VALID * 1000) {
    throw captchaError(CAPTCHA_REASONS.expired);
  }
  await handleCommand(
    deps.eventStore,
    captchaStream(token),
    captchaDecider,
    { type: 'UseCaptcha', token },
    subcommand(context, 'use-captcha'),
  );
  if (!matches(params.captcha_solution as string, sealed.answer)) throw captchaError(CAPTCHA_REASONS.invalid);
}
