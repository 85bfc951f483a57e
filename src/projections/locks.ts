import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import pg from 'pg';
import { numbered, preparedQuery } from '../db/prepared.js';

/**
 * PostgreSQL advisory locks that keep projector work exclusive across processes (the server and the
 * `annals` CLI may run at the same time on the same database).
 *
 * - APPLY (transaction-scoped, per batch): held while a batch is applied and the checkpoint advanced, and
 *   while a rebuild swaps its tables in. Being transaction-scoped, it is released at commit, so the server's
 *   runner and a CLI rebuild simply take turns at batch boundaries; nobody waits on a lock held by an idle
 *   process, and a crashed process cannot keep it. Runners *try* it (never block holding a pooled connection);
 *   the compare-and-set on the checkpoint is the second line of defence against double application.
 * - REBUILD (session-scoped, on a dedicated connection): held for the whole rebuild, so two rebuilds of the
 *   same projector never share the `__rebuild` tables, and `status` can tell a running rebuild from a stale
 *   "rebuilding" row left by a crash (the lock dies with its connection).
 */
const APPLY_LOCK_CLASS = 0x414e4e01;
const REBUILD_LOCK_CLASS = 0x414e4e02;

const keys = new Map<string, number>();

/** A stable 31-bit key per projector name (non-negative, so it matches pg_locks.objid as is); hashed once. */
function projectorKey(name: string): number {
  let key = keys.get(name);
  if (key === undefined) {
    key = createHash('sha256').update(name).digest().readUInt32BE(0) & 0x7fffffff;
    keys.set(name, key);
  }
  return key;
}

export interface ApplyCheckpoint {
  name: string;
  version: number;
  from: bigint;
  to: bigint;
}

/**
 * A runner's batch start: try the apply lock and, only if it was granted, compare-and-set the checkpoint from
 * `from` to `to` (as checkpoints.ts's advanceCheckpoint does); the transaction also commits without waiting
 * for the WAL flush (read models are rebuilt from the log, and the checkpoint commits with them: a crash
 * losing the last commits replays those events). `?` placeholders, bound by startApplyBindings. `writes`:
 * more CTEs, written only when `moved` has its row (a batch applied in this same statement: oneStatement.ts).
 */
export function startApplySql(writes?: string): string {
  return `with lock as (
    select pg_try_advisory_xact_lock(?, ?) as locked, set_config('synchronous_commit', 'off', true)
  ), moved as (
    update projection_checkpoints set position = ?, last_error = null, updated_at = now()
    where name = ? and version = ? and position = ? and (select locked from lock)
    returning 1
  )${writes ? `, ${writes}` : ''}
  select (select locked from lock) as locked, exists (select 1 from moved) as advanced`;
}

export function startApplyBindings(checkpoint: ApplyCheckpoint): Knex.Value[] {
  return [
    APPLY_LOCK_CLASS,
    projectorKey(checkpoint.name),
    checkpoint.to.toString(),
    checkpoint.name,
    checkpoint.version,
    checkpoint.from.toString(),
  ];
}

export const startOutcome = (row: { locked: boolean; advanced: boolean }) =>
  !row.locked ? ('lock-busy' as const) : row.advanced ? ('locked' as const) : ('moved' as const);

/** Prepared: every batch of every runner starts with it. */
const START_APPLY = numbered(startApplySql());

/** startApplySql in a runner's transaction, in one round trip. */
export async function startApply(
  trx: Knex.Transaction,
  checkpoint: ApplyCheckpoint,
): Promise<'locked' | 'lock-busy' | 'moved'> {
  const [row] = await preparedQuery<{ locked: boolean; advanced: boolean }>(
    trx,
    START_APPLY,
    startApplyBindings(checkpoint),
  );
  return startOutcome(row!);
}

export async function tryApplyLock(trx: Knex.Transaction, projector: string): Promise<boolean> {
  const result = await trx.raw('select pg_try_advisory_xact_lock(?, ?) as locked', [
    APPLY_LOCK_CLASS,
    projectorKey(projector),
  ]);
  return result.rows[0].locked === true;
}

/** Blocking: used by a rebuild's swap, which must wait for a runner's batch in flight to commit. */
export async function applyLock(trx: Knex.Transaction, projector: string): Promise<void> {
  await trx.raw('select pg_advisory_xact_lock(?, ?)', [APPLY_LOCK_CLASS, projectorKey(projector)]);
}

export interface RebuildLock {
  release(): Promise<void>;
}

/** The pool's connection settings, for the one connection that must outlive a pooled checkout. */
function connectionConfig(db: Knex): pg.ClientConfig {
  const connection = db.client.config.connection as string | pg.ClientConfig;
  return typeof connection === 'string' ? { connectionString: connection } : connection;
}

/**
 * Takes the rebuild lock on its own connection (outside the pool, so a long rebuild never starves it).
 * `wait: false` answers undefined when another process is rebuilding; `wait: true` waits its turn.
 */
export async function acquireRebuildLock(
  db: Knex,
  projector: string,
  options: { wait: boolean; signal?: AbortSignal },
): Promise<RebuildLock | undefined> {
  options.signal?.throwIfAborted();
  const client = new pg.Client(connectionConfig(db));
  // A lost connection also loses the lock; the rebuild's next statements fail on their own connections.
  client.on('error', () => undefined);
  await client.connect();
  // A waiting pg_advisory_lock cannot be cancelled from outside: ending the connection is how a stop aborts it.
  const abort = () => void client.end().catch(() => undefined);
  options.signal?.addEventListener('abort', abort, { once: true });
  try {
    const fn = options.wait ? 'pg_advisory_lock' : 'pg_try_advisory_lock';
    const result = await client.query(`select ${fn}($1, $2) as locked`, [
      REBUILD_LOCK_CLASS,
      projectorKey(projector),
    ]);
    options.signal?.throwIfAborted();
    if (options.wait || result.rows[0].locked === true) {
      // Closing the session releases its advisory locks: no explicit unlock to forget.
      return {
        release: async () => {
          options.signal?.removeEventListener('abort', abort);
          await client.end().catch(() => undefined);
        },
      };
    }
  } catch (error) {
    options.signal?.removeEventListener('abort', abort);
    await client.end().catch(() => undefined);
    throw error;
  }
  options.signal?.removeEventListener('abort', abort);
  await client.end();
  return undefined;
}

/** Whether some session (any process) holds the rebuild lock of this projector right now. */
export async function rebuildRunning(db: Knex, projector: string): Promise<boolean> {
  const row = await db('pg_locks')
    .where({
      locktype: 'advisory',
      classid: REBUILD_LOCK_CLASS,
      objid: projectorKey(projector),
      objsubid: 2,
      granted: true,
    })
    // Advisory locks are per database; test databases on one server share projector names.
    .whereRaw('database = (select oid from pg_database where datname = current_database())')
    .first(db.raw('1 as held'));
  return row !== undefined;
}
