import type { Knex } from 'knex';
import { preparedJsonRows } from '../../db/jsonBatch.js';
import { numbered, preparedSelect } from '../../db/prepared.js';
import type { Mention, StatusApplication, Visibility } from '../../domain/status/events.js';
import { isVisibleTo } from '../../domain/status/visibility.js';
import { type Page, pageBounds, pageRows, paginate } from '../pagination.js';
import {
  followedStatusesSource,
  isFollowing,
  viewerFollowsAuthor,
  withoutBlockedOrMutedAuthors,
} from '../relationships/queries.js';

/** The only code that reads the statuses read model (practice 7). */

/** One live status as the read model holds it. */
export interface StatusRecord {
  id: string;
  objectId: string;
  accountId: string;
  visibility: Visibility;
  text: string;
  contentHtml: string;
  spoilerText: string;
  sensitive: boolean;
  inReplyToId: string | null;
  inReplyToAccountId: string | null;
  mentions: Mention[];
  tags: string[];
  language: string | null;
  context: string;
  application: StatusApplication | null;
  repliesCount: number;
  /** Attached uploads' ids, in order (the media read model renders them). */
  mediaIds: string[];
  createdAt: Date;
}

type Row = Record<string, unknown>;

function toRecord(row: Row): StatusRecord {
  return {
    id: row.id as string,
    objectId: row.object_id as string,
    accountId: row.account_id as string,
    visibility: row.visibility as Visibility,
    text: row.text as string,
    contentHtml: row.content_html as string,
    spoilerText: row.spoiler_text as string,
    sensitive: row.sensitive as boolean,
    inReplyToId: row.in_reply_to_id as string | null,
    inReplyToAccountId: row.in_reply_to_account_id as string | null,
    mentions: row.mentions as Mention[],
    tags: row.tags as string[],
    language: row.language as string | null,
    context: row.context as string,
    application: row.application as StatusApplication | null,
    repliesCount: row.replies_count as number,
    mediaIds: (row.media_ids as string[] | null) ?? [],
    // A Date from a column; an ISO string when the row came as JSON (jsonRows).
    createdAt: new Date(row.created_at as Date | string),
  };
}

const MAX_BIGINT = 9223372036854775807n;

/** Ids are positive 64-bit integers in decimal; anything else names no status (and must not reach SQL). */
export function isStatusId(id: unknown): id is string {
  return typeof id === 'string' && /^\d{1,19}$/.test(id) && BigInt(id) <= MAX_BIGINT;
}

const COLUMNS = [
  's.id',
  's.object_id',
  's.account_id',
  's.visibility',
  's.text',
  's.content_html',
  's.spoiler_text',
  's.sensitive',
  's.in_reply_to_id',
  's.in_reply_to_account_id',
  's.mentions',
  's.tags',
  's.language',
  's.context',
  's.application',
  's.replies_count',
  's.media_ids',
  's.created_at',
];

const statuses = (db: Knex) => db('statuses as s').select(COLUMNS);

/**
 * The same columns as SQL text for the hot reads, which run as prepared statements and answer their rows as
 * one JSON array (jsonRows): node parses one value natively instead of ~20 columns per row in JavaScript.
 * Bigint ids are cast to text, as JSON numbers would round them.
 */
const SELECT_STATUSES = `select ${COLUMNS.map((c) =>
  c === 's.id' || c === 's.in_reply_to_id' ? `${c}::text as ${c.slice(2)}` : c,
).join(', ')} from statuses as s`;

/**
 * For another read model's page (notifications, conversations): a select-list column with the status whose id
 * is in `idColumn`, as JSON (null when there is none), read back with statusFromJson. The page then arrives
 * with its statuses in the same round trip.
 */
export const statusJsonColumn = (idColumn: string, as: string) =>
  `(select to_json(embedded) from (${SELECT_STATUSES} where s.id = ${idColumn}) embedded) as ${as}`;

/** A status embedded by statusJsonColumn; undefined for none. */
export const statusFromJson = (value: unknown): StatusRecord | undefined =>
  value ? toRecord(value as Row) : undefined;

/** A select's rows as one JSON array, in `order` of their ids when given. */
const jsonRows = (db: Knex, select: string, values: readonly unknown[], order?: 'asc' | 'desc') =>
  preparedJsonRows<Row>(db, select, values, order && `x.id::bigint ${order}`);

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

/** Several statuses by id, keyed by id; invisible ones left out when a viewer is given. Malformed ids are ignored. */
export async function findStatusesByIds(
  db: Knex,
  ids: readonly string[],
  viewer?: { viewerId: string | null },
): Promise<Map<string, StatusRecord>> {
  const valid = [...new Set(ids.filter(isStatusId))];
  if (valid.length === 0) return new Map();
  const rows = await jsonRows(db, `${SELECT_STATUSES} where s.id = any($1::bigint[])`, [valid]);
  const records = rows.map(toRecord);
  const visible = viewer ? records.filter((s) => isVisibleTo(s, viewer.viewerId)) : records;
  return new Map(visible.map((s) => [s.id, s]));
}

async function list(db: Knex, query: Knex.QueryBuilder, page: Page): Promise<StatusRecord[]> {
  const rows = await preparedSelect(db, paginate(query, 's.id', page));
  return pageRows(rows.map(toRecord), page);
}

export interface AccountStatusesFilter {
  excludeReplies?: boolean;
  onlyMedia?: boolean;
  /** Only statuses with this hashtag (any case). */
  tagged?: string;
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
  if (filter.excludeReplies) query.whereNull('s.in_reply_to_id');
  if (filter.onlyMedia) query.where('s.has_media', true);
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
 * Where a home timeline's statuses come from: each source names the status ids of one index for the viewer
 * (`?` in `where` is the viewer's id), is bounded by the page on its own, and the timeline is their union.
 * Follows (issue 4) add one source here, e.g. `statuses s join follows f on …` with `id: 's.id'`.
 */
export interface HomeSource {
  from: string;
  /** The status id column. */
  id: string;
  where: string;
}

export const homeSources: HomeSource[] = [
  { from: 'statuses', id: 'id', where: 'account_id = ?' },
  { from: 'status_recipients', id: 'status_id', where: 'account_id = ?' },
  // Issue 4: followed accounts' statuses since the follow, muted ones left out (owned by relationships/queries.ts).
  followedStatusesSource,
];

/**
 * `GET /api/v1/timelines/home`: one round trip. Written as SQL rather than built: this is the hottest read,
 * and the query builder costs more CPU than the query itself.
 */
export async function homeTimeline(db: Knex, viewerId: string, page: Page): Promise<StatusRecord[]> {
  const order = page.minId !== undefined ? 'asc' : 'desc';
  const bindings: (string | number)[] = [];
  const sources = homeSources.map((source) => {
    const [bounds, values] = pageBounds(source.id, page);
    bindings.push(viewerId, ...values, page.limit + page.offset);
    return `(select ${source.id} as id from ${source.from} where ${source.where} and ${bounds}
      order by ${source.id} ${order} limit ?)`;
  });
  const sql = `${SELECT_STATUSES} where s.id in (${sources.join(' union all ')})
    order by s.id ${order} limit ? offset ?`;
  const rows = await jsonRows(db, numbered(sql), [...bindings, page.limit, page.offset], order);
  return pageRows(rows.map(toRecord), page);
}

export interface PublicTimelineFilter {
  onlyMedia?: boolean;
  /** Only remote statuses: Annals has none yet. */
  remoteOnly?: boolean;
}

/** `GET /api/v1/timelines/public`: public statuses only (every status is local, so `local` changes nothing). */
export function publicTimeline(
  db: Knex,
  page: Page,
  filter: PublicTimelineFilter = {},
): Promise<StatusRecord[]> {
  const query = statuses(db).where('s.visibility', 'public');
  if (filter.onlyMedia) query.where('s.has_media', true);
  if (filter.remoteOnly) query.whereRaw('false');
  return list(db, query, page);
}

/** `GET /api/v1/timelines/tag/:hashtag`: public statuses with the tag. */
export function tagTimeline(db: Knex, tag: string, page: Page): Promise<StatusRecord[]> {
  const query = statuses(db)
    .join('status_tags as t', 't.status_id', 's.id')
    .where('t.tag', tag.toLowerCase())
    .where('s.visibility', 'public');
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
  const rows: Row[] = await visibleTo(statuses(db).where('s.context', status.context), viewerId)
    .whereNot('s.id', status.id)
    .orderBy('s.id', 'asc');
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
  return list(db, withoutBlockedOrMutedAuthors(query, viewerId), page);
}

export interface AccountStatusStats {
  statusesCount: number;
  lastStatusAt: Date | null;
}

/** `statuses_count` and `last_status_at` of accounts (Account entity, §12.1), keyed by account id. */
/**
 * Other read models' columns about a batch of statuses for one viewer, in one statement: `columns` are
 * select-list SQL over the status id `s.id` (bigint) and the viewer's id `v.id` (text, null when anonymous),
 * owned by those models' queries.ts (STATUS_FAVOURITE_COLUMNS, …). Answers one row per valid id, keyed by id.
 */
export async function readStatusColumns(
  db: Knex,
  statusIds: readonly string[],
  viewerId: string | null,
  columns: readonly string[],
): Promise<Map<string, Row>> {
  const ids = [...new Set(statusIds.filter(isStatusId))];
  if (ids.length === 0 || columns.length === 0) return new Map();
  const rows = await preparedJsonRows(
    db,
    `select s.id::text as status_id, ${columns.join(', ')}
     from unnest($1::bigint[]) as s(id) cross join (select $2::text as id) as v`,
    [ids, viewerId],
  );
  return new Map(rows.map((row) => [row.status_id as string, row]));
}

/**
 * The statuses read model's facts about an account `a` (an outer `accounts as a`), as select-list columns
 * for a query that reads accounts and their facts in one statement: `statuses_count`, `last_status_at`.
 */
export const ACCOUNT_STATUS_STATS_COLUMNS = `
  coalesce((select st.statuses_count from status_account_stats st where st.account_id = a.id), 0)::int
    as facts_statuses_count,
  (select st.last_status_at from status_account_stats st where st.account_id = a.id) as facts_last_status_at`;

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
