import type { Knex } from 'knex';
import type { IssuedToken } from '../../commands/oauth/issueToken.js';
import { preparedJsonValue } from '../../db/jsonBatch.js';
import {
  type AccountRecord,
  accountsWithFactsJson,
  accountWithFactsOf,
} from '../../projections/accounts/queries.js';
import { ACCOUNT_RELATIONSHIP_COLUMNS } from '../../projections/relationships/queries.js';
import { ACCOUNT_STATUS_STATS_COLUMNS } from '../../projections/statuses/queries.js';
import type { AppDeps } from '../deps.js';
import type { Account } from '../entities/account.js';
import { type AccountViewOptions, renderAccount } from '../views/account.js';
import { type SelfFacts, selfFactsJson, selfFactsOf, selfViewOptions } from './selfFacts.js';

/** Everything rendering accounts reads needs of the database and the key ring. */
export type PresentDeps = Pick<AppDeps, 'config' | 'db' | 'keys'>;

/**
 * Gathers what the pure renderer needs that is not in the row: its facts and, for the owner's own view, the
 * self-only fields (selfFacts.ts) with the decrypted address (null once shredded).
 */
export async function presentAccount(
  deps: PresentDeps,
  account: AccountRecord,
  viewerId: string | null,
  extra: Partial<Pick<AccountViewOptions, 'settingsStore' | 'viewerIsPrivileged'>> = {},
): Promise<Account> {
  const gathered = await gatherAccounts(deps.db, [account.id], viewerId, true);
  const moved = await presentMoved(deps, movedOf(gathered.byId.values()), viewerId);
  const own = gathered.byId.get(account.id);
  const self = gathered.self && (await selfViewOptions(deps.keys, account, gathered.self));
  return renderAccount(account, {
    config: deps.config,
    viewerId,
    counts: own?.counts,
    lastStatusAt: own?.lastStatusAt ?? null,
    moved: moved.get(account.id) ?? null,
    ...self,
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

/** Accounts read with their facts, and the reader's own facts when the reader is one of them. */
export interface GatheredAccounts {
  byId: Map<string, GatheredAccount>;
  self: SelfFacts | null;
}

/**
 * SQL of one JSON value for a larger statement: the accounts `idsSql` (text[]) names with their facts, and the
 * self facts of the viewer `viewerSql` (text) when among them, unread counts only when `counted` (selfFacts.ts).
 * Read back with gatheredAccountsOf.
 */
export const gatheredAccountsJson = (
  idsSql: string,
  viewerSql: string,
  counted = false,
) => `json_build_object(
  'accounts', ${accountsWithFactsJson(idsSql, ACCOUNT_FACT_COLUMNS)},
  'self', ${selfFactsJson(viewerSql, idsSql, counted)})`;

type GatheredAccountsJson = { accounts: Record<string, unknown>[]; self: Parameters<typeof selfFactsOf>[0] };

export function gatheredAccountsOf(json: GatheredAccountsJson): GatheredAccounts {
  const byId = new Map<string, GatheredAccount>();
  for (const { account, row } of json.accounts.map(accountWithFactsOf)) {
    const follows = row.facts_follow_counts as FollowCountsFact | null;
    const stats = row.facts_status_stats as StatusStatsFact | null;
    byId.set(account.id, {
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
  return { byId, self: selfFactsOf(json.self) };
}

/** Accounts with their facts (and the viewer's own facts when among them), in one statement. */
async function gatherAccounts(db: Knex, ids: readonly string[], viewerId: string | null, counted = false) {
  const sql = `select ${gatheredAccountsJson('$1::text[]', '$2::text', counted)}`;
  const json = await preparedJsonValue<GatheredAccountsJson>(db, sql, [[...new Set(ids)], viewerId]);
  return gatheredAccountsOf(json!);
}

const movedOf = (gathered: Iterable<GatheredAccount>) =>
  new Map([...gathered].flatMap((g) => (g.movedTo ? [[g.account.id, g.movedTo] as const] : [])));

/** The accounts moved to, rendered one level deep (their own `moved` is left out), keyed by the origin. */
async function presentMoved(
  deps: PresentDeps,
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
  deps: PresentDeps,
  accountIds: readonly string[],
  viewerId: string | null,
  options: PresentAccountsOptions = {},
): Promise<Map<string, PresentedAccount>> {
  const gathered = await gatherAccounts(deps.db, accountIds, viewerId);
  return presentGatheredAccounts(deps, gathered, accountIds, viewerId, options);
}

/** presentAccountsWithState for accounts already gathered, in the order of `accountIds`. */
export async function presentGatheredAccounts(
  deps: PresentDeps,
  gathered: GatheredAccounts,
  accountIds: Iterable<string>,
  viewerId: string | null,
  options: PresentAccountsOptions = {},
): Promise<Map<string, PresentedAccount>> {
  const { byId } = gathered;
  const moved =
    options.withMoved === false ? new Map() : await presentMoved(deps, movedOf(byId.values()), viewerId);
  const own = viewerId === null ? undefined : byId.get(viewerId);
  const self = own && gathered.self && (await selfViewOptions(deps.keys, own.account, gathered.self));
  const rendered = new Map<string, PresentedAccount>();
  for (const id of accountIds) {
    const found = byId.get(id);
    if (!found || rendered.has(id)) continue;
    const view = {
      config: deps.config,
      viewerId,
      counts: found.counts,
      lastStatusAt: found.lastStatusAt,
      moved: moved.get(id) ?? null,
      ...(id === viewerId ? self : undefined),
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
  deps: PresentDeps,
  accountIds: readonly string[],
  viewerId: string | null,
  options: PresentAccountsOptions = {},
): Promise<Map<string, Account>> {
  return activeAccounts(await presentAccountsWithState(deps, accountIds, viewerId, options));
}
