import type { Captcha } from '../../captcha/challenge.js';
import type { Config } from '../../config.js';
import { DomainError, forbidden } from '../../domain/shared/errors.js';
import type { AccountRecord } from '../../projections/accounts/queries.js';
import { type CaptchaAnswer, verifyCaptcha } from '../captcha/verifyCaptcha.js';
import type { CommandContext } from '../handleCommand.js';
import { type ConfirmationDeps, requestConfirmation } from './confirmation.js';
import type { AccountCommandDeps } from './deps.js';
import { type RegisterAccountInput, registerAccount } from './register.js';

export type SignUpDeps = AccountCommandDeps &
  ConfirmationDeps & {
    config: Pick<Config, 'CAPTCHA_ENABLED' | 'REGISTRATIONS_OPEN' | 'ACCOUNT_ACTIVATION_REQUIRED'>;
    captcha: Captcha;
  };

/**
 * Self-service registration (POST /api/v1/accounts), in Pleroma's order: an address when activation needs
 * one, then the captcha (§1.2) when enabled, then the account; an account that must confirm its address is
 * mailed its link. The CLI registers through registerAccount directly: no captcha, confirmed at once.
 */
export async function signUp(
  deps: SignUpDeps,
  input: Omit<RegisterAccountInput, 'byAdmin'>,
  captcha: CaptchaAnswer,
  context: CommandContext,
): Promise<AccountRecord> {
  if (!deps.config.REGISTRATIONS_OPEN) throw forbidden('Registrations are closed');
  if (deps.config.ACCOUNT_ACTIVATION_REQUIRED && !input.email?.trim()) {
    throw new DomainError('missing_email', 'Missing parameter: email', 400);
  }
  if (deps.config.CAPTCHA_ENABLED) await verifyCaptcha(deps, captcha, context);
  const account = await registerAccount(deps, input, context);
  if (!account.isConfirmed) await requestConfirmation(deps, account, context);
  return account;
}
