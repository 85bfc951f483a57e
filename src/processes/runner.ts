import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { EventStore, RecordedEvent } from '../eventstore/eventStore.js';
import { EventFeed, nextBatch } from '../projections/batch.js';
import { advanceCheckpoint, readCheckpoint } from '../projections/checkpoints.js';
import { ensureProjection } from '../projections/ensure.js';
import { fanOutSubscription } from '../projections/fanOut.js';
import { CheckpointPositions } from '../projections/positions.js';
import type { Projector } from '../projections/projector.js';
import type { ProjectionWaiter } from '../projections/waiter.js';
import { Wakeup } from '../projections/wakeup.js';
import { type Process, processCheckpointName } from './process.js';

const BATCH_SIZE = 50;
const IDLE_RECHECK_MS = 10_000;
const MAX_BACKOFF_MS = 30_000;
/** Past events it does not handle, a process moves in memory and stores its checkpoint this long after (as projectors do). */
const IDLE_CHECKPOINT_MS = 1_000;

/**
 * Unlike a projector, a process must not react inside the transaction that moves its checkpoint: its
 * commands append events, and an open transaction would keep them from being read (the PostgreSQL store
 * shows only events older than every running transaction), so waiting for their projection would hang.
 * So: react to one event, then move the checkpoint past it (compare-and-set). A crash in between means the
 * event is reacted to again — at least once, which idempotent reactions turn into exactly once in effect.
 * While it keeps up, the events come from the engine's subscription (batch.ts's EventFeed), not the store.
 */
class ProcessRunner {
  private readonly wakeup = new Wakeup();
  private stopped = false;
  private loop: Promise<void> | undefined;
  private readonly name: string;
  private readonly feed: EventFeed;
  /** The checkpoint as stored: the compare-and-set starts from it (the position may be ahead in memory). */
  private persisted: bigint;
  private aheadSince = 0;
  /** A batch is being taken or reacted to: only the loop moves the position meanwhile. */
  private stepping = false;

  constructor(
    private readonly deps: {
      db: Knex;
      eventStore: EventStore;
      logger: Logger;
      positions: CheckpointPositions;
    },
    private readonly process: Process,
    private position: bigint,
    reported: bigint | undefined,
  ) {
    this.name = processCheckpointName(process.name);
    this.persisted = position;
    this.feed = new EventFeed(new Set(process.handles), BATCH_SIZE, reported);
  }

  start(): void {
    this.deps.positions.set(this.name, this.position);
    this.loop ??= this.run();
  }

  wake(): void {
    this.wakeup.wake();
  }

  /** As ProjectionRunner.notice: queue ours, step past the others in memory, wake the loop for anything else. */
  notice(event: RecordedEvent): void {
    const mustLook = this.feed.report(event, this.position) || this.stepping;
    const to = mustLook ? undefined : this.feed.idleUpTo(this.position);
    // Having just fallen behind the stored checkpoint, the loop must shorten its wait to the checkpoint's delay.
    if (to === undefined || this.moveInMemory(to)) this.wakeup.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeup.cancel();
    await this.loop;
    if (this.loop && this.position > this.persisted) await this.store(this.position).catch(() => undefined);
  }

  private async run(): Promise<void> {
    const log = this.deps.logger.child({ process: this.process.name });
    let failures = 0;
    while (!this.stopped) {
      this.wakeup.arm();
      try {
        this.stepping = true;
        const progressed = await this.step().finally(() => {
          this.stepping = false;
        });
        failures = 0;
        if (!progressed)
          await this.wakeup.wait(
            this.position > this.persisted
              ? Math.max(0, this.aheadSince + IDLE_CHECKPOINT_MS - Date.now())
              : IDLE_RECHECK_MS,
          );
      } catch (error) {
        failures += 1;
        const delayMs = Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(failures, 15));
        log.error({ err: error, position: this.position.toString(), delayMs }, 'process failed, retrying');
        await this.wakeup.sleep(delayMs);
      }
    }
  }

  /** Answers whether there may be more to do at once. */
  private async step(): Promise<boolean> {
    const from = this.position;
    const batch = await nextBatch(this.deps.eventStore, this.process, this.feed, from, BATCH_SIZE);
    for (const [index, event] of batch.events.entries()) {
      if (this.stopped) return true;
      await this.process.react(event);
      // Past the last one, nothing of ours up to the batch's end. Moved by another process: go on from there.
      if (!(await this.store(index === batch.events.length - 1 ? batch.to : event.position))) return true;
    }
    if (batch.events.length === 0 && batch.to <= from) {
      if (this.position === this.persisted || Date.now() - this.aheadSince < IDLE_CHECKPOINT_MS) return false;
      await this.store(this.position);
      return false;
    }
    this.moveInMemory(batch.to);
    return batch.events.length >= BATCH_SIZE;
  }

  /** Answers whether the position just went past the stored checkpoint. */
  private moveInMemory(to: bigint): boolean {
    if (to <= this.position) return false;
    const wasStored = this.position === this.persisted;
    if (wasStored) this.aheadSince = Date.now();
    this.position = to;
    this.deps.positions.set(this.name, to);
    return wasStored;
  }

  /** Compare-and-set of the stored checkpoint to `to`; false if another process had moved it (then followed). */
  private async store(to: bigint): Promise<boolean> {
    const { db } = this.deps;
    const moved = await advanceCheckpoint(db, this.name, this.process.version, this.persisted, to);
    if (moved) {
      this.position = this.persisted = to;
    } else {
      const checkpoint = await readCheckpoint(db, this.name);
      if (!checkpoint) throw new Error(`Checkpoint of ${this.name} is missing`);
      this.position = this.persisted = checkpoint.position;
    }
    this.deps.positions.set(this.name, this.position);
    return moved;
  }
}

export interface ProcessEngine extends ProjectionWaiter {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The checkpoint row of a process, made the way projectors' are (a process owns no tables). */
const checkpointOf = (process: Process): Projector => ({
  name: processCheckpointName(process.name),
  version: process.version,
  handles: process.handles,
  tables: [],
  createTables: async () => undefined,
  apply: async () => undefined,
});

/** Runs every process from its checkpoint; fed by the store's subscription like the projectors. */
export function createProcessEngine(options: {
  db: Knex;
  eventStore: EventStore;
  logger: Logger;
  processes: readonly Process[];
  waitTimeoutMs?: number;
}): ProcessEngine {
  const { db, eventStore, processes } = options;
  const logger = options.logger.child({ component: 'processes' });
  const names = processes.map((process) => processCheckpointName(process.name));
  const positions = new CheckpointPositions(names, options.waitTimeoutMs ?? 5_000);
  const runners: ProcessRunner[] = [];
  /** Runners take their events from here while they keep up. */
  const events = fanOutSubscription(eventStore, logger, 'process', () => runners);

  return {
    async start() {
      events.start(await eventStore.headPosition());
      for (const process of processes) {
        // A version bump starts the process over from the beginning of the log.
        const checkpoint = await ensureProjection(db, checkpointOf(process));
        const from = checkpoint.version === process.version ? checkpoint.position : 0n;
        if (checkpoint.version !== process.version) {
          await db('projection_checkpoints')
            .where({ name: checkpoint.name })
            .update({ version: process.version, position: '0' });
        }
        const runner = new ProcessRunner({ db, eventStore, logger, positions }, process, from, events.seen);
        runners.push(runner);
        runner.start();
      }
    },
    async stop() {
      await events.stop();
      await Promise.all(runners.map((runner) => runner.stop()));
    },
    waitFor: (projectorNames, position) => positions.waitFor(projectorNames, position),
  };
}
