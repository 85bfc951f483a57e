import type { Knex } from 'knex';
import { preparedQuery } from './prepared.js';

/**
 * JSON reads issued together run together. A render gathers from several read models at once (the authors
 * with their facts, every status's extras, …) with Promise.all, and each of those reads answers a single JSON
 * value. Issued in the same tick against the same database, they run as one prepared statement
 * `select (<read 1>) as v0, (<read 2>) as v1, …`: one round trip, one pool checkout and one statement's
 * overhead in PostgreSQL instead of one each. A read issued alone runs as it is written.
 */

interface PendingRead {
  select: string;
  values: readonly unknown[];
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

const pending = new WeakMap<Knex, PendingRead[]>();

/**
 * The one JSON value that `select` answers (one row, one column; null when it answers no row), batched with
 * the other JSON reads issued on `db` in the same tick (none in a transaction, whose statements run in
 * order). `select` uses `$1…$n` placeholders and no other `$` (no dollar quoting): batching renumbers them.
 */
export function preparedJsonValue<T>(
  db: Knex,
  select: string,
  values: readonly unknown[],
): Promise<T | null> {
  if (db.isTransaction) return runAlone<T>(db, select, values);
  return new Promise<T | null>((resolve, reject) => {
    let batch = pending.get(db);
    if (!batch) {
      batch = [];
      pending.set(db, batch);
      queueMicrotask(() => {
        pending.delete(db);
        void runBatch(db, batch!);
      });
    }
    batch.push({ select, values, resolve: resolve as (value: unknown) => void, reject });
  });
}

/**
 * A select's rows as one JSON array, run prepared (and batched: preparedJsonValue): node parses one value natively instead of every column
 * of every row in JavaScript (most of a wide read's cost). `orderBy` is SQL over the rows `x` (e.g.
 * `x.id::bigint desc`), as json_agg does not keep the select's order. Bigint columns must be cast to text
 * in `select`, or JSON numbers round them; timestamps arrive as ISO strings.
 */
export async function preparedJsonRows<Row = Record<string, unknown>>(
  db: Knex,
  select: string,
  values: readonly unknown[],
  orderBy?: string,
): Promise<Row[]> {
  const ordered = orderBy ? ` order by ${orderBy}` : '';
  const sql = `select coalesce(json_agg(x${ordered}), '[]') as rows from (${select}) x`;
  return (await preparedJsonValue<Row[]>(db, sql, values)) ?? [];
}

async function runAlone<T>(db: Knex, select: string, values: readonly unknown[]): Promise<T | null> {
  const [row] = await preparedQuery<Record<string, T>>(db, select, values);
  return row ? (Object.values(row)[0] ?? null) : null;
}

async function runBatch(db: Knex, batch: readonly PendingRead[]): Promise<void> {
  if (batch.length === 1) {
    const [read] = batch as [PendingRead];
    return runAlone(db, read.select, read.values).then(read.resolve, read.reject);
  }
  const columns: string[] = [];
  const values: unknown[] = [];
  for (const [i, read] of batch.entries()) {
    columns.push(`(${renumbered(read.select, values.length)}) as v${i}`);
    values.push(...read.values);
  }
  try {
    const [row] = await preparedQuery<Record<string, unknown>>(db, `select ${columns.join(', ')}`, values);
    for (const [i, read] of batch.entries()) read.resolve(row?.[`v${i}`] ?? null);
  } catch (error) {
    for (const read of batch) read.reject(error);
  }
}

/** `$n` → `$(n + offset)`: the read's placeholders after those of the reads before it in the statement. */
const renumbered = (select: string, offset: number) =>
  offset === 0 ? select : select.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
