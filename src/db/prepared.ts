import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type pg from 'pg';

/** Statement names by SQL text: the text is hashed once per process. */
const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `annals_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a read on a pooled connection as a named prepared statement: each connection parses and plans the
 * text once and then only binds and executes it, which is most of what PostgreSQL spends on the small,
 * frequent reads of every request (authentication, timeline pages, the gathers of every rendered entity).
 * `text` uses `$n` placeholders and must be fixed SQL (values only in `values`), or statements pile up per
 * connection. Given a transaction, it runs on the transaction's connection.
 */
export async function preparedQuery<Row = Record<string, unknown>>(
  db: Knex,
  text: string,
  values: readonly unknown[],
): Promise<Row[]> {
  const connection = (await db.client.acquireConnection()) as PreparingClient;
  const name = statementName(text);
  try {
    try {
      return (await connection.query({ name, text, values: [...values] })).rows as Row[];
    } catch (error) {
      if (!isStalePlan(error)) throw error;
      // A rebuild swapped in a table of another shape under a `*`: forget the statement, prepare it afresh.
      await connection.query(`deallocate ${name}`);
      delete connection.connection.parsedStatements[name];
      return (await connection.query({ name, text, values: [...values] })).rows as Row[];
    }
  } finally {
    await db.client.releaseConnection(connection);
  }
}

/** node-postgres remembers which names it has prepared on a connection; a deallocated one must be forgotten. */
type PreparingClient = pg.Client & { connection: { parsedStatements: Record<string, string> } };

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
