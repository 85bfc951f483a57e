import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { EventStore } from '../eventstore/eventStore.js';
import { applyEvents, readBatch } from './batch.js';
import { setCheckpointStatus, setRebuiltCheckpoint } from './checkpoints.js';
import { ensureProjection } from './ensure.js';
import { countEvents } from './eventCount.js';
import { acquireRebuildLock, applyLock } from './locks.js';
import type { Projector } from './projector.js';
import { analyzeTables, dropTables, rebuildTables, swapInRebuiltTables } from './tables.js';

export interface RebuildProgress {
  projector: string;
  /** Events applied to the fresh tables so far. */
  applied: number;
  /** Events of the handled types up to the head at the start (grows if the tail ran past it). */
  total: number;
  /** Global position replayed up to; with `head`, the fraction done. */
  position: bigint;
  /** The store's head when the rebuild began (grows if the tail ran past it). */
  head: bigint;
}

export interface RebuildOptions {
  db: Knex;
  eventStore: EventStore;
  projector: Projector;
  logger: Logger;
  batchSize: number;
  onProgress?: (progress: RebuildProgress) => void;
  /** true: wait for a rebuild running elsewhere to end; false: fail at once with RebuildInProgressError. */
  waitForOtherRebuild?: boolean;
  /** Skip when the live tables already have this projector's version (another process may have just rebuilt). */
  onlyIfOutdated?: boolean;
  signal?: AbortSignal;
}

export class RebuildInProgressError extends Error {
  constructor(readonly projector: string) {
    super(`A rebuild of projection ${projector} is already running`);
    this.name = 'RebuildInProgressError';
  }
}

/**
 * Zero-downtime rebuild: replay the whole log into `<table>__rebuild` while the live tables keep serving
 * (and keep being updated by the live runner), then, in one transaction under the apply lock, apply the
 * tail, swap the tables and set the checkpoint. Returns the position the new live tables include.
 */
export async function rebuildProjection(options: RebuildOptions): Promise<bigint> {
  const { db, eventStore, projector, logger, batchSize, onProgress, signal } = options;
  const log = logger.child({ projection: projector.name });
  const lock = await acquireRebuildLock(db, projector.name, {
    wait: options.waitForOtherRebuild ?? false,
    signal,
  });
  if (!lock) throw new RebuildInProgressError(projector.name);
  try {
    const current = await ensureProjection(db, projector);
    if (options.onlyIfOutdated && current.version === projector.version) return current.position;
    await setCheckpointStatus(db, projector.name, 'rebuilding');
    const startedAt = Date.now();
    const head = await eventStore.headPosition();
    log.info({ version: projector.version, head: head.toString() }, 'projection rebuild started');
    const physical = projector.tables.map((name) => rebuildTables.table(name));
    await db.transaction(async (trx) => {
      await dropTables(trx, physical); // leftovers of a rebuild that crashed
      await projector.createTables(trx, rebuildTables);
    });

    const total = await countEvents(db, eventStore, { after: 0n, upTo: head, eventTypes: projector.handles });
    const progress: RebuildProgress = { projector: projector.name, applied: 0, total, position: 0n, head };
    onProgress?.({ ...progress });
    const replay = async (trx: Knex.Transaction | undefined, until: bigint | undefined) => {
      for (;;) {
        signal?.throwIfAborted();
        const batch = await readBatch(eventStore, projector, progress.position, batchSize);
        if (batch.to <= progress.position) return;
        const write = (t: Knex.Transaction) => applyEvents(t, projector, batch.events, rebuildTables);
        await (trx ? write(trx) : db.transaction(write));
        progress.applied += batch.events.length;
        progress.position = batch.to;
        if (progress.position > progress.head) progress.head = progress.position;
        if (progress.applied > progress.total) progress.total = progress.applied;
        onProgress?.({ ...progress });
        if (until !== undefined && progress.position >= until) return;
      }
    };
    // Bulk of the work outside any lock: up to the head seen at the start, one transaction per batch.
    await replay(undefined, head);
    await analyzeTables(db, physical);
    await db.transaction(async (trx) => {
      // Waits for a live runner's batch in flight; from here no runner commits until the swap is done.
      await applyLock(trx, projector.name);
      await replay(trx, undefined);
      await swapInRebuiltTables(trx, projector.tables);
      await setRebuiltCheckpoint(trx, projector.name, projector.version, progress.position);
    });
    log.info(
      {
        version: projector.version,
        position: progress.position.toString(),
        applied: progress.applied,
        ms: Date.now() - startedAt,
      },
      'projection rebuild finished',
    );
    return progress.position;
  } catch (error) {
    if (signal?.aborted) log.info('projection rebuild stopped; the live tables are unchanged');
    else log.error({ err: error }, 'projection rebuild failed; the live tables are unchanged');
    await setCheckpointStatus(db, projector.name, 'live', String(error)).catch(() => undefined);
    throw error;
  } finally {
    await lock.release();
  }
}
