import type { IssuedToken } from '../../commands/oauth/issueToken.js';
import type { AccountRecord } from '../../projections/accounts/queries.js';
import type { AppDeps } from '../deps.js';
import type { Account } from '../entities/account.js';
import { type AccountViewOptions, renderAccount } from '../views/account.js';

/**
 * Gathers what the pure renderer needs that is not in the row: the owner's decrypted address (null once
 * shredded) for their own view.
 */
export async function presentAccount(
  deps: Pick<AppDeps, 'config' | 'keys'>,
  account: AccountRecord,
  viewerId: string | null,
  extra: Partial<Pick<AccountViewOptions, 'settingsStore' | 'viewerIsPrivileged'>> = {},
): Promise<Account> {
  const self = viewerId === account.id;
  const email =
    self && account.emailEncrypted ? await deps.keys.decrypt(account.id, account.emailEncrypted) : null;
  return renderAccount(account, { config: deps.config, viewerId, email, ...extra });
}

/** Pleroma's answer to a registration that still needs the e-mail confirmed: no token yet. */
export const CONFIRMATION_PENDING = {
  message: 'You have been registered. Please check your email for further instructions.',
  identifier: 'missing_confirmed_email',
} as const;

/** Pleroma's OAuthView "token.json" with `me`, as registration answers it. */
export function renderIssuedToken(token: IssuedToken, apId: string) {
  return {
    id: token.tokenId,
    token_type: 'Bearer',
    access_token: token.accessToken,
    refresh_token: token.refreshToken,
    expires_in: Math.round((token.validUntil.getTime() - token.createdAt.getTime()) / 1000),
    scope: token.scopes.join(' '),
    created_at: Math.floor(token.createdAt.getTime() / 1000),
    me: apId,
  };
}
