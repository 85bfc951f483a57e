import type { Knex } from 'knex';
import type { ProjectionTables } from './projector.js';

const REBUILD_SUFFIX = '__rebuild';
const OLD_SUFFIX = '__old';

/** Where a rebuild writes: fresh tables beside the live ones, swapped in when they have caught up. */
export const rebuildTables: ProjectionTables = { table: (logicalName) => `${logicalName}${REBUILD_SUFFIX}` };

/** Which of these tables do not exist (in the search path). */
export async function missingTables(db: Knex, names: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const name of names) {
    const result = await db.raw('select to_regclass(?) as oid', [name]);
    if (result.rows[0].oid === null) missing.push(name);
  }
  return missing;
}

/**
 * Gathers the planner's statistics of freshly filled tables. Rebuilt tables are swapped in with none, and the
 * prepared reads plan generically from whatever statistics exist: without this, the hot reads of a just-rebuilt
 * projection can run plans many times slower until autovacuum next analyzes them.
 */
export async function analyzeTables(db: Knex, names: readonly string[]): Promise<void> {
  if (names.length > 0) await db.raw(`analyze ${names.map(() => '??').join(', ')}`, [...names]);
}

/** One statement, so tables that reference each other drop together; no cascade, so nothing else is lost. */
export async function dropTables(db: Knex, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await db.raw(`drop table if exists ${names.map(() => '??').join(', ')}`, [...names]);
}

/**
 * Renames the indexes (and with them their pkey/unique constraints), the other constraints and the owned
 * sequences of `table` whose names start with `fromPrefix`. A rebuilt table's knex-default names derive
 * from `x__rebuild`; without this, the next rebuild would collide with them.
 */
async function renameDependents(trx: Knex.Transaction, table: string, fromPrefix: string, toPrefix: string) {
  const renamed = (name: string) => `${toPrefix}${name.slice(fromPrefix.length)}`;
  const indexes = await trx.raw(
    `select i.relname as name from pg_index x join pg_class i on i.oid = x.indexrelid
     where x.indrelid = ?::regclass`,
    [table],
  );
  // Check and foreign-key constraints have no index of their own ('p', 'u', 'x' follow their index's rename).
  const constraints = await trx.raw(
    `select conname as name from pg_constraint where conrelid = ?::regclass and contype not in ('p', 'u', 'x')`,
    [table],
  );
  const sequences = await trx.raw(
    `select s.relname as name from pg_depend d join pg_class s on s.oid = d.objid
     where s.relkind = 'S' and d.refobjid = ?::regclass and d.deptype in ('a', 'i')`,
    [table],
  );
  const starts = (row: { name: string }) => row.name.startsWith(fromPrefix);
  for (const { name } of indexes.rows.filter(starts)) {
    await trx.raw('alter index ?? rename to ??', [name, renamed(name)]);
  }
  for (const { name } of constraints.rows.filter(starts)) {
    await trx.raw('alter table ?? rename constraint ?? to ??', [table, name, renamed(name)]);
  }
  for (const { name } of sequences.rows.filter(starts)) {
    await trx.raw('alter sequence ?? rename to ??', [name, renamed(name)]);
  }
}

/**
 * Inside the rebuild's final transaction: the rebuilt tables take the live names and the old live tables
 * are dropped. Readers of the live tables wait only for this transaction's brief exclusive locks.
 */
export async function swapInRebuiltTables(
  trx: Knex.Transaction,
  logicalNames: readonly string[],
): Promise<void> {
  const old = logicalNames.map((name) => `${name}${OLD_SUFFIX}`);
  await dropTables(trx, old);
  for (const name of logicalNames) {
    await trx.raw('alter table if exists ?? rename to ??', [name, `${name}${OLD_SUFFIX}`]);
    await trx.raw('alter table ?? rename to ??', [rebuildTables.table(name), name]);
  }
  await dropTables(trx, old);
  for (const name of logicalNames) await renameDependents(trx, name, rebuildTables.table(name), name);
}
