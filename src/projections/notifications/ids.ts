import type { Knex } from 'knex';
import { preparedQuery } from '../../db/prepared.js';
import { type ProjectionTables, quotedTable } from '../projector.js';
import { sqlArray } from '../sqlArray.js';
import type { NotificationRow } from './writes.js';

/**
 * A notification's id is its cause's time in milliseconds and 16 bits of its event's id (rules.ts
 * notificationId), so two causes of one millisecond can share it, and events appended together share their
 * time: a move's chunk notifies its target of hundreds of follows at once. Inserted with `on conflict do
 * nothing`, the later of two such notifications was lost (a 10,000-follower move lost the target ~40 follows).
 *
 * So, in log order, each new notification takes its id or, when its recipient has that one, the next id the
 * recipient has free. That is decided the same whether the events are applied one by one or in batches, live
 * or rebuilt, so the ids that dismiss and read events name keep pointing at the same notifications. The insert
 * (writes.ts) places a row itself when it is its recipient's only one among the rows; rows that share a
 * recipient are placed here, in order, against the recipient's stored ids and causes.
 */

/** How far past its id the insert looks for a free one: the ids of one millisecond. */
export const ID_SEARCH = 2 ** 16;

/** The stored ids read around a shared recipient's row: its millisecond and the next (a row may move into it). */
const WINDOW = 2n * BigInt(ID_SEARCH);

const key = (accountId: string, value: string) => `${accountId}\u0000${value}`;

/** The rows, those whose recipient has others among them placed (see above); the rest as they are. */
export async function placeSharedRecipients(
  trx: Knex.Transaction,
  tables: ProjectionTables,
  rows: readonly NotificationRow[],
): Promise<readonly NotificationRow[]> {
  const counts = new Map<string, number>();
  for (const row of rows)
    counts.set(row.notification.recipientId, (counts.get(row.notification.recipientId) ?? 0) + 1);
  const shared = rows.filter((row) => counts.get(row.notification.recipientId)! > 1);
  if (shared.length === 0) return rows;
  const { ids, causes } = await storedAround(trx, tables, shared);
  const taken = new Set(ids);
  const placed = new Set(causes);
  return rows.map((row) => {
    const recipient = row.notification.recipientId;
    const cause = key(recipient, row.notification.cause);
    if (counts.get(recipient)! < 2 || placed.has(cause)) return row;
    placed.add(cause);
    let id = BigInt(row.id);
    while (taken.has(key(recipient, id.toString()))) id += 1n;
    taken.add(key(recipient, id.toString()));
    return { ...row, id: id.toString() };
  });
}

/** The recipients' stored ids in the windows of their rows, and which of the rows' causes they have already. */
async function storedAround(
  trx: Knex.Transaction,
  tables: ProjectionTables,
  rows: readonly NotificationRow[],
) {
  const notifications = quotedTable(tables, 'notifications');
  const windows = new Map<string, [string, bigint]>();
  for (const row of rows) {
    const start = (BigInt(row.id) >> 16n) << 16n;
    windows.set(key(row.notification.recipientId, start.toString()), [row.notification.recipientId, start]);
  }
  const stored = await preparedQuery<{ account_id: string; id: string | null; cause: string | null }>(
    trx,
    `select n.account_id, n.id::text as id, null as cause
     from unnest($1::text[], $2::bigint[]) as w(account_id, lo)
     cross join lateral (select n.account_id, n.id from ${notifications} n
       where n.account_id = w.account_id and n.id >= w.lo and n.id < w.lo + ${WINDOW} offset 0) n
     union all
     select n.account_id, null, n.cause
     from unnest($3::text[], $4::text[]) as c(account_id, cause)
     cross join lateral (select n.account_id, n.cause from ${notifications} n
       where n.account_id = c.account_id and n.cause = c.cause offset 0) n`,
    [
      sqlArray([...windows.values()].map(([accountId]) => accountId)),
      sqlArray([...windows.values()].map(([, start]) => start)),
      sqlArray(rows.map((row) => row.notification.recipientId)),
      sqlArray(rows.map((row) => row.notification.cause)),
    ],
  );
  return {
    ids: stored.flatMap((row) => (row.id === null ? [] : [key(row.account_id, row.id)])),
    causes: stored.flatMap((row) => (row.cause === null ? [] : [key(row.account_id, row.cause)])),
  };
}
