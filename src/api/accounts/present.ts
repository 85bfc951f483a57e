import type { IssuedToken } from '../../commands/oauth/issueToken.js';
import { type AccountRecord, findAccountsByIds } from '../../projections/accounts/queries.js';
import { accountStatusStats } from '../../projections/statuses/queries.js';
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

/**
 * Accounts by id in the given order, for lists (favourited_by, reactions): one batched read of accounts
 * and their status counts, then the pure renderer. Unknown and deactivated accounts are left out.
 */
export async function presentAccounts(
  deps: Pick<AppDeps, 'config' | 'db'>,
  accountIds: readonly string[],
  viewerId: string | null,
): Promise<Map<string, Account>> {
  const [accounts, stats] = await Promise.all([
    findAccountsByIds(deps.db, accountIds),
    accountStatusStats(deps.db, accountIds),
  ]);
  const rendered = new Map<string, Account>();
  for (const id of accountIds) {
    const account = accounts.get(id);
    if (!account?.isActive || rendered.has(id)) continue;
    const stat = stats.get(id);
    const counts = { followers: 0, following: 0, statuses: stat?.statusesCount ?? 0, followRequests: 0 };
    rendered.set(
      id,
      renderAccount(account, {
        config: deps.config,
        viewerId,
        counts,
        lastStatusAt: stat?.lastStatusAt ?? null,
      }),
    );
  }
  return rendered;
}
