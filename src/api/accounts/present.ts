import type { Knex } from 'knex';
import type { IssuedToken } from '../../commands/oauth/issueToken.js';
import { type AccountRecord, findAccountsByIds } from '../../projections/accounts/queries.js';
import { unreadConversationCount } from '../../projections/conversations/queries.js';
import { ownNotificationFacts } from '../../projections/notifications/queries.js';
import { followCounts, movedTargets } from '../../projections/relationships/queries.js';
import { accountStatusStats } from '../../projections/statuses/queries.js';
import type { AppDeps } from '../deps.js';
import type { Account } from '../entities/account.js';
import { type AccountViewOptions, renderAccount } from '../views/account.js';

/**
 * Gathers what the pure renderer needs that is not in the row: the owner's decrypted address (null once
 * shredded) for their own view.
 */
export async function presentAccount(
  deps: Pick<AppDeps, 'config' | 'keys' | 'db'>,
  account: AccountRecord,
  viewerId: string | null,
  extra: Partial<Pick<AccountViewOptions, 'settingsStore' | 'viewerIsPrivileged'>> = {},
): Promise<Account> {
  const self = viewerId === account.id;
  const [email, gathered, unread, notifications] = await Promise.all([
    self && account.emailEncrypted ? deps.keys.decrypt(account.id, account.emailEncrypted) : null,
    gatherAccountFacts(deps.db, [account.id]),
    self ? unreadConversationCount(deps.db, account.id) : 0,
    self ? ownNotificationFacts(deps.db, account.id) : undefined,
  ]);
  const moved = await presentMoved(deps, gathered.moved, viewerId);
  const facts = { ...factsOf(gathered, account.id), moved: moved.get(account.id) ?? null };
  const unreadConversations = { unreadConversationCount: unread };
  return renderAccount(account, {
    config: deps.config,
    viewerId,
    email,
    ...facts,
    ...unreadConversations,
    notifications,
    ...extra,
  });
}

interface AccountFacts {
  counts: Map<string, AccountViewOptions['counts'] & object>;
  lastStatusAt: Map<string, Date | null>;
  /** Origin id → the id of the account it moved to. */
  moved: Map<string, string>;
}

/** Counts (follows from the relationships read model, statuses from the statuses one) and moves, batched. */
async function gatherAccountFacts(db: Knex, ids: readonly string[]): Promise<AccountFacts> {
  const [stats, follows, moved] = await Promise.all([
    accountStatusStats(db, ids),
    followCounts(db, ids),
    movedTargets(db, ids),
  ]);
  const counts = new Map(
    ids.map((id) => {
      const follow = follows.get(id);
      return [
        id,
        {
          followers: follow?.followers ?? 0,
          following: follow?.following ?? 0,
          statuses: stats.get(id)?.statusesCount ?? 0,
          followRequests: follow?.followRequests ?? 0,
        },
      ];
    }),
  );
  const lastStatusAt = new Map(ids.map((id) => [id, stats.get(id)?.lastStatusAt ?? null]));
  return { counts, lastStatusAt, moved };
}

const factsOf = (facts: AccountFacts, id: string) => ({
  counts: facts.counts.get(id),
  lastStatusAt: facts.lastStatusAt.get(id) ?? null,
});

/** The accounts moved to, rendered one level deep (their own `moved` is left out), keyed by the origin. */
async function presentMoved(
  deps: Pick<AppDeps, 'config' | 'db'>,
  moved: Map<string, string>,
  viewerId: string | null,
): Promise<Map<string, Account>> {
  if (moved.size === 0) return new Map();
  const targets = await presentAccounts(deps, [...moved.values()], viewerId, { withMoved: false });
  const result = new Map<string, Account>();
  for (const [origin, target] of moved) {
    const rendered = targets.get(target);
    if (rendered) result.set(origin, rendered);
  }
  return result;
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
 * Accounts by id in the given order, for lists (favourited_by, reactions, followers…): batched reads of the
 * accounts, their counts and moves, then the pure renderer. Unknown and deactivated accounts are left out.
 */
export async function presentAccounts(
  deps: Pick<AppDeps, 'config' | 'db'>,
  accountIds: readonly string[],
  viewerId: string | null,
  options: { withMoved?: boolean } = {},
): Promise<Map<string, Account>> {
  const [accounts, facts] = await Promise.all([
    findAccountsByIds(deps.db, accountIds),
    gatherAccountFacts(deps.db, accountIds),
  ]);
  const moved = options.withMoved === false ? new Map() : await presentMoved(deps, facts.moved, viewerId);
  const rendered = new Map<string, Account>();
  for (const id of accountIds) {
    const account = accounts.get(id);
    if (!account?.isActive || rendered.has(id)) continue;
    const view = { config: deps.config, viewerId, ...factsOf(facts, id), moved: moved.get(id) ?? null };
    rendered.set(id, renderAccount(account, view));
  }
  return rendered;
}
