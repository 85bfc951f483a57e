import type { Knex } from 'knex';
import type { Visibility } from '../../domain/status/events.js';
import { isVisibleTo } from '../../domain/status/visibility.js';
import { notDeactivated } from '../accounts/queries.js';
import type { Page } from '../pagination.js';
import { PINNED_ONLY } from '../pins/queries.js';
import {
  isFollowing,
  notBlocking,
  viewerFollowsAuthor,
  withoutBlockedOrMutedAuthors,
} from '../relationships/queries.js';
import { accountPageForReader, forReader, notAddressingBlocked, viewerBindings } from './readerFilters.js';
import {
  isStatusId,
  jsonRows,
  list,
  type Row,
  SELECT_STATUSES,
  type StatusRecord,
  statuses,
  toRecord,
} from './records.js';

/** SQL whose every `?::text` is the viewer, with its bindings: whereRaw's arguments. */
const viewerRaw = (sql: string, viewerId: string) => [sql, viewerBindings(sql, viewerId)] as const;

/**
 * The only code that reads the statuses read model (practice 7), with records.ts, byIds.ts and timelines.ts
 * beside it.
 */

export * from './byIds.js';
export type { ReaderFilter } from './readerFilters.js';
export { isStatusId, STATUS_GATHER_COLUMNS, type StatusRecord } from './records.js';
export * from './timelines.js';

/**
 * For another read model's page (notifications, conversations): a select-list column with the status whose id
 * is in `idColumn`, as JSON (null when there is none), read back with statusFromJson. The page then arrives
 * with its statuses in the same round trip.
 */
export const statusJsonColumn = (idColumn: string, as: string) =>
  `(select to_json(embedded) from (${SELECT_STATUSES} where s.id = ${idColumn}) embedded) as ${as}`;

/** SQL, no bindings: the visibility of the status whose id is in `idColumn` (null when there is none). */
export const statusVisibilitySql = (idColumn: string) =>
  `(select sv.visibility from statuses sv where sv.id = ${idColumn})`;

/** A status embedded by statusJsonColumn; undefined for none. */
export const statusFromJson = (value: unknown): StatusRecord | undefined =>
  value ? toRecord(value as Row) : undefined;

/**
 * The SQL twin of domain/status/visibility.ts `isVisibleTo` over `statuses as s`: public and unlisted for
 * all, the rest for the author and those addressed, private ones for the author's followers too.
 */
export function visibleTo(query: Knex.QueryBuilder, viewerId: string | null): Knex.QueryBuilder {
  if (viewerId === null) return query.whereIn('s.visibility', ['public', 'unlisted']);
  return query.where((q) =>
    q
      .whereIn('s.visibility', ['public', 'unlisted'])
      .orWhere('s.account_id', viewerId)
      .orWhereExists((sub) =>
        sub
          .select(sub.client.raw('1'))
          .from('status_recipients as r')
          .whereRaw('r.status_id = s.id')
          .where('r.account_id', viewerId),
      )
      // Issue 4: followers see private statuses (the follows read model's condition).
      .orWhere((private_) => viewerFollowsAuthor(private_.where('s.visibility', 'private'), viewerId)),
  );
}

/**
 * Ids of the statuses `viewerId` may see, as a subquery: another read model's list of statuses (favourites,
 * bookmarks) filters by it, so the visibility rule stays this model's and no list shows what it should not.
 */
export const visibleStatusIds = (db: Knex, viewerId: string | null) =>
  visibleTo(db('statuses as s').select('s.id'), viewerId);

/** A status whatever its visibility (for the author's own use cases); undefined for unknown or malformed ids. */
export async function findStatusById(db: Knex, id: string): Promise<StatusRecord | undefined> {
  if (!isStatusId(id)) return undefined;
  const [row] = await jsonRows(db, `${SELECT_STATUSES} where s.id = $1`, [id]);
  return row ? toRecord(row) : undefined;
}

/** A status if `viewerId` (null: anonymous) may see it: what every `/statuses/:id…` endpoint starts with. */
export async function findVisibleStatus(
  db: Knex,
  id: string,
  viewerId: string | null,
): Promise<StatusRecord | undefined> {
  const status = await findStatusById(db, id);
  if (!status) return undefined;
  // Issue 4: a private status is also its author's followers' to see.
  const followsAuthor =
    status.visibility === 'private' &&
    viewerId !== null &&
    (await isFollowing(db, viewerId, status.accountId));
  return isVisibleTo(status, viewerId, { followsAuthor }) ? status : undefined;
}

export interface AccountStatusesFilter {
  /** Show them even if the reader mutes the account or someone they address. */
  withMuted?: boolean;
  excludeReplies?: boolean;
  onlyMedia?: boolean;
  /** Only statuses with this hashtag (any case). */
  tagged?: string;
  /** Only the statuses pinned on the account's profile (`pinned=true`). */
  pinned?: boolean;
  excludeVisibilities?: readonly Visibility[];
}

/** `GET /api/v1/accounts/:id/statuses`: the account's statuses the viewer may see. */
export function accountStatuses(
  db: Knex,
  accountId: string,
  viewerId: string | null,
  page: Page,
  filter: AccountStatusesFilter = {},
): Promise<StatusRecord[]> {
  const query = visibleTo(statuses(db).where('s.account_id', accountId), viewerId);
  // Only the visibilities: an account's own page is not hidden by the reader's blocks or mutes here.
  forReader(query, { viewerId: null, excludeVisibilities: filter.excludeVisibilities });
  if (viewerId !== null) accountPageForReader(query, accountId, viewerId, filter.withMuted ?? false);
  if (filter.excludeReplies) query.whereNull('s.in_reply_to_id');
  if (filter.onlyMedia) query.where('s.has_media', true);
  if (filter.pinned) query.whereRaw(PINNED_ONLY);
  if (filter.tagged !== undefined) {
    const tag = filter.tagged.toLowerCase();
    query.whereExists((sub) =>
      sub
        .select(sub.client.raw('1'))
        .from('status_tags as t')
        .whereRaw('t.status_id = s.id')
        .where('t.tag', tag),
    );
  }
  return list(db, query, page);
}

/**
 * `GET /api/v1/statuses/:id/context`: the thread's statuses the viewer may see, older ones as ancestors and
 * newer ones as descendants, oldest first (Pleroma's split of the context by id).
 */
export async function statusContext(
  db: Knex,
  status: StatusRecord,
  viewerId: string | null,
): Promise<{ ancestors: StatusRecord[]; descendants: StatusRecord[] }> {
  const query = visibleTo(statuses(db).where('s.context', status.context), viewerId);
  // Pleroma's context query leaves out deactivated accounts' statuses and, passing `blocking_user`, those by
  // accounts the reader blocks or addressed to them.
  query.whereRaw(notDeactivated('s.account_id'));
  if (viewerId !== null)
    query
      .whereRaw(notBlocking('?::text', 's.account_id'), [viewerId])
      .whereRaw(...viewerRaw(notAddressingBlocked('?::text', 's.id', 's.account_id'), viewerId));
  const rows: Row[] = await query.whereNot('s.id', status.id).orderBy('s.id', 'asc');
  const records = rows.map(toRecord);
  const before = (s: StatusRecord) => BigInt(s.id) < BigInt(status.id);
  return { ancestors: records.filter(before), descendants: records.filter((s) => !before(s)) };
}

/**
 * `GET /api/v1/pleroma/conversations/:id/statuses` (§6.5, issue 6): a page of the context's statuses the
 * viewer may see, without those of accounts they block or mute; newest first like every page.
 */
export function conversationStatuses(
  db: Knex,
  context: string,
  viewerId: string,
  page: Page,
): Promise<StatusRecord[]> {
  const query = visibleTo(statuses(db).where('s.context', context), viewerId);
  query.whereRaw(notDeactivated('s.account_id'));
  query.whereRaw(...viewerRaw(notAddressingBlocked('?::text', 's.id', 's.account_id'), viewerId));
  return list(db, withoutBlockedOrMutedAuthors(query, viewerId), page);
}

/** Statuses whose `expires_at` has come by `now`, the longest due first: what the expiry sweep deletes. */
export async function expiredStatuses(
  db: Knex,
  now: Date,
  limit: number,
): Promise<{ id: string; accountId: string }[]> {
  const rows: { id: string; account_id: string }[] = await db('statuses')
    .select(db.raw('id::text as id'), 'account_id')
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(limit);
  return rows.map((row) => ({ id: row.id, accountId: row.account_id }));
}

export interface AccountStatusStats {
  statusesCount: number;
  lastStatusAt: Date | null;
}

/**
 * The statuses read model's facts about an account `a` (an outer `accounts as a`), as a select-list column
 * for a query that reads accounts and their facts in one statement: `facts_status_stats`, null for an
 * account that never posted, else `{statuses_count, last_status_at}` (one lookup for both).
 */
export const ACCOUNT_STATUS_STATS_COLUMNS = `
  (select json_build_object('statuses_count', st.statuses_count, 'last_status_at', st.last_status_at)
    from status_account_stats st where st.account_id = a.id) as facts_status_stats`;

export async function accountStatusStats(
  db: Knex,
  accountIds: readonly string[],
): Promise<Map<string, AccountStatusStats>> {
  if (accountIds.length === 0) return new Map();
  const rows = await db('status_account_stats').whereIn('account_id', [...new Set(accountIds)]);
  return new Map(
    rows.map((row: Row) => [
      row.account_id as string,
      { statusesCount: row.statuses_count as number, lastStatusAt: row.last_status_at as Date | null },
    ]),
  );
}

/** Every live status of the account, whoever may see it (the deletion process): ids after `afterId`, ascending. */
export async function statusIdsOfAccount(
  db: Knex,
  accountId: string,
  afterId: string | null,
  limit: number,
): Promise<string[]> {
  const query = db('statuses').where('account_id', accountId).orderBy('id').limit(limit).select('id');
  if (afterId !== null) query.where('id', '>', afterId);
  const rows: Row[] = await query;
  return rows.map((row) => String(row.id));
}

export async function countStatusesOfAccount(db: Knex, accountId: string): Promise<number> {
  const [row] = await db('statuses').where('account_id', accountId).count('* as n');
  return Number(row?.n ?? 0);
}
