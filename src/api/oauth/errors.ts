import OAuth2Server from '@node-oauth/oauth2-server';
import { DomainError } from '../../domain/shared/errors.js';
import type { AccountStatus } from '../http/accountAuth.js';

/** Pleroma's token_exchange answer to nearly every refusal. */
export const invalidCredentials = () => new DomainError('invalid_credentials', 'Invalid credentials', 400);

/** Pleroma's answer to a request it cannot route to a grant (it says 500; bad input is a 4xx here). */
export const badRequest = () => new DomainError('bad_request', 'Bad request', 400);

const statusErrors: Record<Exclude<AccountStatus, 'active'>, [string, string]> = {
  deactivated: ['Your account is currently disabled', 'account_is_disabled'],
  confirmation_pending: ['Your login is missing a confirmed e-mail address', 'missing_confirmed_email'],
  approval_pending: ['Your account is awaiting approval.', 'awaiting_approval'],
};

/** Pleroma's 403s for a right password on an account that may not log in. */
export function accountStatusError(status: Exclude<AccountStatus, 'active'>): DomainError {
  const [message, identifier] = statusErrors[status];
  return new DomainError(identifier, message, 403, { identifier });
}

/**
 * Maps what the OAuth library threw to the Pleroma-shaped error to answer. Our own refusals travel inside
 * the library's ServerError as `inner`; anything else unexpected (a database failure, a projection timeout)
 * is returned as is, for the error middleware to log or answer 503.
 */
export function tokenEndpointError(error: unknown): unknown {
  if (!(error instanceof OAuth2Server.OAuthError)) return error;
  const inner = (error as { inner?: unknown }).inner;
  if (inner !== undefined) {
    if (inner instanceof DomainError && inner.status >= 403) return inner;
    if (inner instanceof DomainError) return invalidCredentials();
    return inner;
  }
  if (error instanceof OAuth2Server.UnsupportedGrantTypeError) return badRequest();
  return invalidCredentials();
}
