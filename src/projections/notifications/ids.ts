import type { Knex } from 'knex';
import { preparedQuery } from '../../db/prepared.js';
import { type ProjectionTables, quotedTable } from '../projector.js';
import { sqlArray } from '../sqlArray.js';
import { pairKey } from './relations.js';
import type { NotificationRow } from './writes.js';

/**
 * A notification's id is its cause's time in milliseconds and 16 bits of its event's id (rules.ts
 * notificationId), so two causes of one millisecond can share it, and events appended together share their
 * time: a move's chunk notifies its target of hundreds of follows at once. Inserted with `on conflict do
 * nothing`, the later of two such notifications was lost (a 10,000-follower move lost the target ~40 follows).
 *
 * So, in log order, each new notification takes its id or, when its recipient has that one, the next id the
 * recipient has free. That is decided the same whether the events are applied one by one or in batches, live
 * or rebuilt, so the ids that dismiss and read events name keep pointing at the same notifications. Rows
 * written in a transaction are placed here, in order, against their recipients' stored ids and causes; a
 * favourite's or reaction's one row written alone keeps its id when its read found it free (causes.ts), and
 * goes to a transaction otherwise. The insert itself keeps the ids it is given: placing rows in SQL made
 * PostgreSQL plan that statement afresh at every run, which cost a reaction 7% of its throughput.
 */

/** The stored ids read around a row: its millisecond and the next (a row may move into it). */
const WINDOW = 2n * 2n ** 16n;

/** The rows, each with its id placed (see above). */
export async function placeIds(
  trx: Knex.Transaction,
  tables: ProjectionTables,
  rows: readonly NotificationRow[],
): Promise<readonly NotificationRow[]> {
  if (rows.length === 0) return rows;
  const { ids, causes } = await storedAround(trx, tables, rows);
  const taken = new Set(ids);
  const placed = new Set(causes);
  return rows.map((row) => {
    const recipient = row.notification.recipientId;
    const cause = pairKey(recipient, row.notification.cause);
    // A cause the recipient has (a replay, or earlier among the rows) adds nothing: the insert skips it.
    if (placed.has(cause)) return row;
    placed.add(cause);
    let id = BigInt(row.id);
    while (taken.has(pairKey(recipient, id.toString()))) id += 1n;
    taken.add(pairKey(recipient, id.toString()));
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
    windows.set(pairKey(row.notification.recipientId, start.toString()), [
      row.notification.recipientId,
      start,
    ]);
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
    ids: stored.flatMap((row) => (row.id === null ? [] : [pairKey(row.account_id, row.id)])),
    causes: stored.flatMap((row) => (row.cause === null ? [] : [pairKey(row.account_id, row.cause)])),
  };
}
