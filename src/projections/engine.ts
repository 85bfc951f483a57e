import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { EventStore, RecordedEvent } from '../eventstore/eventStore.js';
import { DEFAULT_BATCH_SIZE } from './batch.js';
import { ensureProjection } from './ensure.js';
import { type EventListener, fanOutSubscription } from './fanOut.js';
import { CheckpointPositions } from './positions.js';
import type { Projector } from './projector.js';
import { type RebuildProgress, rebuildProjection } from './rebuild.js';
import { ProjectionRunner } from './runner.js';
import { type ProjectionStatus, projectionStatuses } from './status.js';
import type { ProjectionWaiter, ProjectionWatch } from './waiter.js';

export interface ProjectionEngineOptions {
  db: Knex;
  eventStore: EventStore;
  projectors: readonly Projector[];
  logger: Logger;
  /** Bound of waitFor (config PROJECTION_WAIT_MS). */
  waitTimeoutMs?: number;
  /** Events per transaction while catching up or rebuilding. */
  batchSize?: number;
}

/**
 * Also a ProjectionWatch: `watch` hears every event this process's subscription reports before any runner
 * applies it (so before any read model shows it), which is what caches of read models invalidate on.
 */
export interface ProjectionEngine extends ProjectionWaiter, ProjectionWatch {
  readonly projectors: readonly Projector[];
  /** Creates missing tables and checkpoints, starts one runner per projector (rebuilding outdated ones first, in the background). */
  start(): Promise<void>;
  /**
   * Resolves once every projector that was outdated at start is rebuilt to its new version and its runner
   * runs (at once when none was). The server waits for it before serving: a new version's queries read its
   * new tables' shape, which the old tables do not have.
   */
  upgraded(): Promise<void>;
  stop(): Promise<void>;
  waitFor(projectorNames: readonly string[], position: bigint | null, timeoutMs?: number): Promise<void>;
  status(): Promise<ProjectionStatus[]>;
  /** Resolves once the rebuilt tables are live. Works whether or not this engine was started. */
  rebuild(name: string | 'all', onProgress?: (progress: RebuildProgress) => void): Promise<void>;
}

const UPGRADE_RETRY_MAX_MS = 60_000;
/** How long upgraded() waits for a rebuilt projection's runner to catch up with the log after the swap. */
const UPGRADE_CATCH_UP_MS = 600_000;

export function createProjectionEngine(options: ProjectionEngineOptions): ProjectionEngine {
  const { db, eventStore, projectors, logger } = options;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const names = projectors.map((projector) => projector.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) throw new Error(`Two projectors are named ${duplicate}`);

  const positions = new CheckpointPositions(names, options.waitTimeoutMs ?? 5_000);
  const runners = new Map<string, ProjectionRunner>();
  const stopping = new AbortController();
  const upgrades: Promise<void>[] = [];
  const upgrading: string[] = [];
  /** watch()'s listeners: told of each event before the runners. */
  const watchers = new Set<(event: RecordedEvent) => void>();
  const watching: EventListener = {
    notice(event) {
      for (const watcher of watchers) watcher(event);
    },
    wake() {},
  };
  /**
   * Every new event is reported to the watchers, then to every runner, which applies its own from there
   * while it keeps up, and steps past the others (it must still move its position past them for waitFor).
   */
  const events = fanOutSubscription(eventStore, logger, 'projection', () => [watching, ...runners.values()]);

  const startRunner = (projector: Projector, from: bigint) => {
    const deps = { db, eventStore, projector, positions, logger, batchSize };
    const runner = new ProjectionRunner(deps, from, events.seen);
    runners.set(projector.name, runner);
    runner.start();
  };

  /**
   * Version bump: the new version is built beside the old tables, which an old server still running keeps
   * reading; its runner starts after the swap.
   */
  const upgrade = async (projector: Projector) => {
    for (let attempt = 1; !stopping.signal.aborted; attempt++) {
      try {
        const base = { db, eventStore, projector, logger, batchSize, signal: stopping.signal };
        const position = await rebuildProjection({
          ...base,
          waitForOtherRebuild: true,
          onlyIfOutdated: true,
        });
        startRunner(projector, position);
        return;
      } catch (error) {
        if (stopping.signal.aborted) return;
        const delayMs = Math.min(UPGRADE_RETRY_MAX_MS, 1_000 * 2 ** attempt);
        logger.error(
          { err: error, projection: projector.name, delayMs },
          'projection upgrade failed, retrying',
        );
        await sleep(delayMs, undefined, { signal: stopping.signal }).catch(() => undefined);
      }
    }
  };

  return {
    projectors,
    async start() {
      events.start(await eventStore.headPosition());
      for (const projector of projectors) {
        const checkpoint = await ensureProjection(db, projector);
        if (checkpoint.version === projector.version) startRunner(projector, checkpoint.position);
        else {
          upgrading.push(projector.name);
          upgrades.push(upgrade(projector));
        }
      }
    },
    async upgraded() {
      await Promise.all(upgrades);
      if (upgrading.length === 0 || stopping.signal.aborted) return;
      // A rebuild swaps its tables in once it has replayed what readers could see when it ended, which an
      // open transaction elsewhere on the server can hold back: the runner catches up with the rest.
      await positions.waitFor(upgrading, await eventStore.headPosition(), UPGRADE_CATCH_UP_MS);
    },
    async stop() {
      stopping.abort();
      await events.stop();
      await Promise.all(upgrades);
      await Promise.all([...runners.values()].map((runner) => runner.stop()));
    },
    waitFor: (projectorNames, position, timeoutMs) => positions.waitFor(projectorNames, position, timeoutMs),
    status: () => projectionStatuses(db, eventStore, projectors),
    position: (projectorName) => positions.get(projectorName),
    watchedAfter: () => events.startedAfter,
    watch(listener) {
      watchers.add(listener);
      return () => void watchers.delete(listener);
    },
    async rebuild(name, onProgress) {
      const selected =
        name === 'all' ? projectors : projectors.filter((projector) => projector.name === name);
      if (selected.length === 0 && name !== 'all') throw new UnknownProjectionError(name, names);
      for (const projector of selected) {
        const position = await rebuildProjection({
          db,
          eventStore,
          projector,
          logger,
          batchSize,
          onProgress,
        });
        positions.set(projector.name, position);
        runners.get(projector.name)?.wake();
      }
    },
  };
}

export class UnknownProjectionError extends Error {
  constructor(
    readonly projection: string,
    readonly known: readonly string[],
  ) {
    super(`Unknown projection ${projection}; known: ${known.join(', ') || '(none)'}`);
    this.name = 'UnknownProjectionError';
  }
}
