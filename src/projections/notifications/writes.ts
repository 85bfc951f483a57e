import type { Knex } from 'knex';
import { numbered, preparedQuery } from '../../db/prepared.js';
import type { NewNotification } from '../../domain/notification/rules.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import type { SqlFragment } from '../oneStatement.js';
import { type ProjectionTables, quotedTable } from '../projector.js';
import { type ArrayValue, sqlArray } from '../sqlArray.js';
import { placeIds } from './ids.js';

/**
 * How notifications and markers are written, whether for one cause (causes.ts) or a run of thousands
 * (followRuns.ts): as a prepared statement over arrays, since building a multi-row insert with a binding per
 * value and planning it again cost more than inserting the rows, and reading the inserted rows back to open
 * their markers in another statement cost about as much again.
 */

/** A notification to insert: what the rules decided, its id, and its cause's event and time (ISO 8601). */
export interface NotificationRow {
  notification: NewNotification;
  id: string;
  createdAt: string;
  recorded: RecordedEvent;
}

/**
 * Inserts the rows in order (a cause a recipient already has, from a replay or earlier among the rows, keeps its
 * first notification, as `unique (account_id, cause)` has it), and opens the notifications marker of each
 * recipient of a new one at the time of their first (Pleroma creates it with the first notification): CTEs
 * written only when the one-row relation `gate` has its row, with `?` placeholders bound by insertBindings.
 * The rows come with their ids placed (ids.ts). `created` holds, per new notification, its recipient, 1-based
 * row index and whether it was created seen.
 */
const insertSql = (tables: ProjectionTables, gate: string) => {
  const notifications = quotedTable(tables, 'notifications');
  const accounts = quotedTable(tables, 'notification_accounts');
  return `input as (
    select * from unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::text[],
      ?::text[], ?::text[], ?::text[], ?::boolean[], ?::timestamptz[]) with ordinality
      as u(account_id, id, type, actor_id, status_id, target_id, emoji, emoji_url, cause, seen, created_at, ord)
    where exists (select 1 from ${gate})
  ), inserted as (
    insert into ${notifications}
      (account_id, id, type, actor_id, status_id, target_id, emoji, emoji_url, cause, seen, created_at)
    select account_id, id, type, actor_id, status_id, target_id, emoji, emoji_url, cause, seen, created_at
    from input order by ord
    on conflict do nothing returning account_id, cause
  ), created as (
    select distinct on (i.account_id, i.cause) i.account_id, i.ord, i.seen, i.created_at
    from inserted n join input i on i.account_id = n.account_id and i.cause = n.cause
    order by i.account_id, i.cause, i.ord
  ), opened as (
    insert into ${accounts} as a (account_id, marker_updated_at)
    select distinct on (account_id) account_id, created_at from created order by account_id, ord
    on conflict (account_id) do update set marker_updated_at = coalesce(a.marker_updated_at, excluded.marker_updated_at)
  )`;
};

function insertBindings(rows: readonly NotificationRow[]): string[] {
  const column = (of: (row: NotificationRow) => ArrayValue) => sqlArray(rows.map(of));
  return [
    column((r) => r.notification.recipientId),
    column((r) => r.id),
    column((r) => r.notification.type),
    column((r) => r.notification.actorId),
    column((r) => r.notification.statusId),
    column((r) => r.notification.targetId),
    column((r) => r.notification.emoji),
    column((r) => r.notification.emojiUrl),
    column((r) => r.notification.cause),
    column((r) => r.notification.seen),
    column((r) => r.createdAt),
  ];
}

/**
 * New notifications written as CTEs of a larger statement gated on `gate` (oneStatement.ts). Only rows created
 * unseen: a seen one also moves its recipient's marker (writeNotifications), which takes a statement of its own.
 */
export function notificationWrites(
  tables: ProjectionTables,
  rows: readonly NotificationRow[],
  gate: string,
): SqlFragment {
  if (rows.some((row) => row.notification.seen)) throw new Error('a seen notification moves its marker too');
  return { sql: insertSql(tables, gate), bindings: insertBindings(rows) };
}

/** Per recipient of new notifications created seen, the 1-based index of the last such row. */
const writeSql = (tables: ProjectionTables) =>
  numbered(`with always as (select), ${insertSql(tables, 'always')}
  select account_id, max(ord)::integer as ord from created where seen group by account_id`);

/**
 * Writes new notifications and opens their recipients' markers in one statement (insertSql), then moves the last
 * read id of each recipient of some created seen, once, at the event of the last of them.
 */
export async function writeNotifications(
  trx: Knex.Transaction,
  tables: ProjectionTables,
  rows: readonly NotificationRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const placed = await placeIds(trx, tables, rows);
  const seen = await preparedQuery<{ account_id: string; ord: number }>(
    trx,
    writeSql(tables),
    insertBindings(placed),
  );
  for (const { account_id, ord } of seen)
    await markLastRead(trx, tables, account_id, placed[ord - 1]!.recorded);
}

/**
 * The notifications marker's `last_read_id` follows the newest seen notification whenever notifications are
 * created seen or read (Pleroma's multi_set_last_read_id). `marker_position` orders the marker's writers, so a
 * replayed older event never overwrites a newer one.
 */
export async function markLastRead(
  trx: Knex.Transaction,
  tables: ProjectionTables,
  accountId: string,
  recorded: RecordedEvent,
) {
  await trx.raw(
    `insert into ?? as a (account_id, marker_last_read_id, marker_updated_at, marker_position)
     select ?, (select max(id)::text from ?? where account_id = ? and seen), ?, ?
     on conflict (account_id) do update set marker_last_read_id = excluded.marker_last_read_id,
       marker_updated_at = coalesce(a.marker_updated_at, excluded.marker_updated_at),
       marker_position = excluded.marker_position
     where a.marker_position is null or a.marker_position < excluded.marker_position`,
    [
      tables.table('notification_accounts'),
      accountId,
      tables.table('notifications'),
      accountId,
      new Date(recorded.metadata.time),
      recorded.position.toString(),
    ],
  );
}
