import type { Knex } from 'knex';
import { preparedJsonValue } from '../../db/jsonBatch.js';
import { isVisibleTo } from '../../domain/status/visibility.js';
import { isStatusId, type Row, SELECT_STATUSES, type StatusRecord, toRecord } from './records.js';

/**
 * Statuses and other read models' columns about them by id (re-exported by queries.ts): what renders gather,
 * alone or in one statement with a page (api/statuses/gathered.ts).
 */

/** The statuses whose ids `idsSql` (an SQL expression of type bigint[]) names, as one JSON array value (SQL). */
export const statusesJson = (idsSql: string) =>
  `(select coalesce(json_agg(x), '[]') from (${SELECT_STATUSES} where s.id = any(${idsSql})) x)`;

/** The authors of the private statuses among those `idsSql` (bigint[]) names, as SQL of type text[]. */
export const privateAuthorsSql = (idsSql: string) =>
  `array(select s.account_id from statuses s where s.id = any(${idsSql}) and s.visibility = 'private')`;

/** A PageRead's `statuses` for pages whose rows embed a status as JSON in `column` (statusJsonColumn). */
export const embeddedStatuses = (column: string) =>
  `select s.* from page p cross join lateral json_to_record(p.${column})
     as s(id text, account_id text, in_reply_to_id text, in_reply_to_account_id text, media_ids jsonb)
   where p.${column} is not null`;

/** Records of statusesJson's rows, keyed by id. */
export const statusesOfJson = (rows: readonly Row[]): Map<string, StatusRecord> =>
  new Map(rows.map((row) => [row.id as string, toRecord(row)]));

/** Several statuses by id, keyed by id; invisible ones left out when a viewer is given. Malformed ids are ignored. */
export async function findStatusesByIds(
  db: Knex,
  ids: readonly string[],
  viewer?: { viewerId: string | null },
): Promise<Map<string, StatusRecord>> {
  const valid = [...new Set(ids.filter(isStatusId))];
  if (valid.length === 0) return new Map();
  const rows = await preparedJsonValue<Row[]>(db, `select ${statusesJson('$1::bigint[]')}`, [valid]);
  const records = statusesOfJson(rows ?? []);
  if (!viewer) return records;
  const followed = await followedAuthors(db, viewer.viewerId, [...records.values()]);
  const visible = (s: StatusRecord) =>
    isVisibleTo(s, viewer.viewerId, { followsAuthor: followed.has(s.accountId) });
  return new Map([...records].filter(([, s]) => visible(s)));
}

/** Of the authors of these statuses' private ones, those the viewer follows (who may see them). */
async function followedAuthors(db: Knex, viewerId: string | null, statuses: readonly StatusRecord[]) {
  const authors = [...new Set(statuses.filter((s) => s.visibility === 'private').map((s) => s.accountId))];
  if (viewerId === null || authors.length === 0) return new Set<string>();
  const rows: { followed_id: string }[] = await db('follows')
    .where({ follower_id: viewerId, pending: false })
    .whereRaw('followed_id = any(?::text[])', [authors])
    .select('followed_id');
  return new Set(rows.map((row) => row.followed_id));
}

/**
 * Other read models' columns about statuses for one viewer, as one JSON array value (SQL): a row per id of
 * `idsSql` (an SQL expression of type bigint[], each id once) with `status_id` (text) and `columns`, select-list
 * SQL over the status id `s.id` (bigint) and the viewer's id `v.id` (text, null when anonymous: `viewerSql`),
 * owned by those models' queries.ts (STATUS_FAVOURITE_COLUMNS, …).
 */
export const statusColumnsJson = (idsSql: string, viewerSql: string, columns: readonly string[]) =>
  `(select coalesce(json_agg(x), '[]') from (select s.id::text as status_id, ${columns.join(', ')}
    from unnest(${idsSql}) as s(id) cross join (select ${viewerSql} as id) as v) x)`;

/** statusColumnsJson for these ids and viewer in one statement, a row per valid id, keyed by id. */
export async function readStatusColumns(
  db: Knex,
  statusIds: readonly string[],
  viewerId: string | null,
  columns: readonly string[],
): Promise<Map<string, Row>> {
  const ids = [...new Set(statusIds.filter(isStatusId))];
  if (ids.length === 0 || columns.length === 0) return new Map();
  const sql = `select ${statusColumnsJson('$1::bigint[]', '$2::text', columns)}`;
  const rows = (await preparedJsonValue<Row[]>(db, sql, [ids, viewerId])) ?? [];
  return new Map(rows.map((row) => [row.status_id as string, row]));
}
