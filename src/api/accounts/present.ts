import type { Knex } from 'knex';
import type { IssuedToken } from '../../commands/oauth/issueToken.js';
import { type AccountRecord, findAccountsWithFacts } from '../../projections/accounts/queries.js';
import { unreadConversationCount } from '../../projections/conversations/queries.js';
import { ownNotificationFacts } from '../../projections/notifications/queries.js';
import { ACCOUNT_RELATIONSHIP_COLUMNS } from '../../projections/relationships/queries.js';
import { ACCOUNT_STATUS_STATS_COLUMNS } from '../../projections/statuses/queries.js';
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
    gatherAccounts(deps.db, [account.id]),
    self ? unreadConversationCount(deps.db, account.id) : 0,
    self ? ownNotificationFacts(deps.db, account.id) : undefined,
  ]);
  const moved = await presentMoved(deps, movedOf(gathered.values()), viewerId);
  const own = gathered.get(account.id);
  const facts = {
    counts: own?.counts,
    lastStatusAt: own?.lastStatusAt ?? null,
    moved: moved.get(account.id) ?? null,
  };
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

/** What the renderer needs of an account beyond its row, read with it in one statement. */
export interface GatheredAccount {
  account: AccountRecord;
  counts: NonNullable<AccountViewOptions['counts']>;
  lastStatusAt: Date | null;
  /** The id of the account it moved to, if it moved. */
  movedTo: string | null;
}

/** The facts' JSON values as the fragments below build them (null for an account without such facts). */
type FollowCountsFact = { followers: number; following: number; follow_requests: number };
type StatusStatsFact = { statuses_count: number; last_status_at: string | null };

/** The other read models' columns about an account (statuses counts, follow counts and moves), read with it. */
export const ACCOUNT_FACT_COLUMNS = [ACCOUNT_STATUS_STATS_COLUMNS, ACCOUNT_RELATIONSHIP_COLUMNS];

/** Accounts and their facts as findAccountsWithFacts answers them (or accountsWithFactsJson's rows), keyed by id. */
export function gatheredAccountsOf(
  found: Iterable<{ account: AccountRecord; row: Record<string, unknown> }>,
): Map<string, GatheredAccount> {
  const gathered = new Map<string, GatheredAccount>();
  for (const { account, row } of found) {
    const follows = row.facts_follow_counts as FollowCountsFact | null;
    const stats = row.facts_status_stats as StatusStatsFact | null;
    gathered.set(account.id, {
      account,
      counts: {
        followers: follows?.followers ?? 0,
        following: follows?.following ?? 0,
        statuses: stats?.statuses_count ?? 0,
        followRequests: follows?.follow_requests ?? 0,
      },
      lastStatusAt: stats?.last_status_at ? new Date(stats.last_status_at) : null,
      movedTo: row.facts_moved_to as string | null,
    });
  }
  return gathered;
}

/** Accounts and their facts, in one query. */
async function gatherAccounts(db: Knex, ids: readonly string[]): Promise<Map<string, GatheredAccount>> {
  return gatheredAccountsOf((await findAccountsWithFacts(db, ids, ACCOUNT_FACT_COLUMNS)).values());
}

const movedOf = (gathered: Iterable<GatheredAccount>) =>
  new Map([...gathered].flatMap((g) => (g.movedTo ? [[g.account.id, g.movedTo] as const] : [])));

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

export interface PresentAccountsOptions {
  /** Render the account each one moved to (one level deep); default true. */
  withMoved?: boolean;
}

/** A rendered account and whether it is active (lists leave deactivated accounts out, statuses do not). */
export interface PresentedAccount {
  account: Account;
  active: boolean;
}

/**
 * Accounts by id, deactivated ones included and marked: one query for the accounts with their counts and
 * moves (a second only to render moved-to accounts), then the pure renderer. Unknown accounts are left out.
 */
export async function presentAccountsWithState(
  deps: Pick<AppDeps, 'config' | 'db'>,
  accountIds: readonly string[],
  viewerId: string | null,
  options: PresentAccountsOptions = {},
): Promise<Map<string, PresentedAccount>> {
  const gathered = await gatherAccounts(deps.db, accountIds);
  return presentGatheredAccounts(deps, gathered, accountIds, viewerId, options);
}

/** presentAccountsWithState for accounts already gathered, in the order of `accountIds`. */
export async function presentGatheredAccounts(
  deps: Pick<AppDeps, 'config' | 'db'>,
  gathered: ReadonlyMap<string, GatheredAccount>,
  accountIds: Iterable<string>,
  viewerId: string | null,
  options: PresentAccountsOptions = {},
): Promise<Map<string, PresentedAccount>> {
  const moved =
    options.withMoved === false ? new Map() : await presentMoved(deps, movedOf(gathered.values()), viewerId);
  const rendered = new Map<string, PresentedAccount>();
  for (const id of accountIds) {
    const found = gathered.get(id);
    if (!found || rendered.has(id)) continue;
    const view = {
      config: deps.config,
      viewerId,
      counts: found.counts,
      lastStatusAt: found.lastStatusAt,
      moved: moved.get(id) ?? null,
    };
    rendered.set(id, { account: renderAccount(found.account, view), active: found.account.isActive });
  }
  return rendered;
}

/** Only the active ones of presented accounts, as lists show them. */
export const activeAccounts = (presented: ReadonlyMap<string, PresentedAccount>): Map<string, Account> =>
  new Map([...presented].flatMap(([id, p]) => (p.active ? [[id, p.account] as const] : [])));

/**
 * Accounts by id in the given order, for lists (favourited_by, reactions, followers…); unknown and
 * deactivated accounts are left out.
 */
export async function presentAccounts(
  deps: Pick<AppDeps, 'config' | 'db'>,
  accountIds: readonly string[],
  viewerId: string | null,
  options: PresentAccountsOptions = {},
): Promise<Map<string, Account>> {
  return activeAccounts(await presentAccountsWithState(deps, accountIds, viewerId, options));
}
