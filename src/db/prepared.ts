import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import pg from 'pg';

/**
 * Prepared reads. PostgreSQL spends more time planning the small, frequent reads of every request
 * (authentication, timeline pages, the gathers of every rendered entity) than running them, and it re-plans
 * a prepared statement whenever it guesses a custom plan might be cheaper, which for `= any($1)` lists is
 * always. So each database gets a second pool (createDb registers it) whose sessions run with
 * `plan_cache_mode = force_generic_plan`: every statement is parsed and planned once per connection. Only
 * the fixed, indexed SQL passed to preparedQuery runs there; knex's own queries keep the default planning.
 */

/** Statement names by SQL text: the text is hashed once per process. */
const names = new Map<string, string>();

/** The name a statement is prepared under on each connection: the same text, the same name. */
export function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `annals_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

const pools = new WeakMap<Knex, pg.Pool>();

/** Opens `db`'s prepared-read pool (createDb does this); it closes with `db.destroy()`. */
export function attachPreparedPool(db: Knex, connectionString: string, max: number): void {
  const pool = new pg.Pool({
    connectionString,
    max,
    application_name: 'annals',
    options: '-c plan_cache_mode=force_generic_plan',
    idleTimeoutMillis: 10_000,
    allowExitOnIdle: true,
  });
  // An idle connection can die with its database (tests drop theirs); the next query opens another.
  pool.on('error', () => undefined);
  pools.set(db, pool);
  // knex's destroy() ends in its client's; the pool ends with it.
  const client = db.client as { destroy(callback?: unknown): Promise<void> };
  const destroy = client.destroy.bind(client);
  client.destroy = async (callback?: unknown) => {
    pools.delete(db);
    await pool.end().catch(() => undefined);
    return destroy(callback);
  };
}

/**
 * Runs a read as a named prepared statement: on the prepared-read pool, or given a transaction (or a knex
 * built without createDb) on its connection. `text` uses `$n` placeholders and must be fixed SQL (values only
 * in `values`), or statements pile up per connection.
 */
export async function preparedQuery<Row = Record<string, unknown>>(
  db: Knex,
  text: string,
  values: readonly unknown[],
): Promise<Row[]> {
  const pool = db.isTransaction ? undefined : pools.get(db);
  if (pool) {
    const client = await pool.connect();
    try {
      return await runPrepared<Row>(client, text, values);
    } finally {
      client.release();
    }
  }
  const connection = (await db.client.acquireConnection()) as pg.Client;
  try {
    return await runPrepared<Row>(connection, text, values);
  } finally {
    await db.client.releaseConnection(connection);
  }
}

async function runPrepared<Row>(client: pg.ClientBase, text: string, values: readonly unknown[]) {
  const name = statementName(text);
  try {
    return (await client.query({ name, text, values: [...values] })).rows as Row[];
  } catch (error) {
    if (!isStalePlan(error)) throw error;
    // A rebuild swapped in a table of another shape under a `*`: forget the statement, prepare it afresh.
    await client.query(`deallocate ${name}`);
    delete (client as PreparingClient).connection.parsedStatements[name];
    return (await client.query({ name, text, values: [...values] })).rows as Row[];
  }
}

/** node-postgres remembers which names it has prepared on a connection; a deallocated one must be forgotten. */
type PreparingClient = pg.ClientBase & { connection: { parsedStatements: Record<string, string> } };

/** PostgreSQL's "cached plan must not change result type" (feature_not_supported). */
const isStalePlan = (error: unknown) =>
  (error as { code?: string }).code === '0A000' && /cached plan/.test(String(error));

/** Numbers `?` placeholders as `$1…$n`, for SQL assembled from `?` fragments (none may be a jsonb `?` operator). */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** A knex select run as a prepared statement: its compiled text is the statement. */
export function preparedSelect<Row = Record<string, unknown>>(
  db: Knex,
  query: Knex.QueryBuilder,
): Promise<Row[]> {
  const { sql, bindings } = query.toSQL().toNative();
  return preparedQuery<Row>(db, sql, bindings);
}
