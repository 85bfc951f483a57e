import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { EventStore, Subscription } from '../eventstore/eventStore.js';
import { readBatch } from '../projections/batch.js';
import { advanceCheckpoint, readCheckpoint } from '../projections/checkpoints.js';
import { ensureProjection } from '../projections/ensure.js';
import { CheckpointPositions } from '../projections/positions.js';
import type { Projector } from '../projections/projector.js';
import type { ProjectionWaiter } from '../projections/waiter.js';
import { Wakeup } from '../projections/wakeup.js';
import { type Process, processCheckpointName } from './process.js';

const BATCH_SIZE = 50;
const IDLE_RECHECK_MS = 10_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Unlike a projector, a process must not react inside the transaction that moves its checkpoint: its
 * commands append events, and an open transaction would keep them from being read (the PostgreSQL store
 * shows only events older than every running transaction), so waiting for their projection would hang.
 * So: react to one event, then move the checkpoint past it (compare-and-set). A crash in between means the
 * event is reacted to again — at least once, which idempotent reactions turn into exactly once in effect.
 */
class ProcessRunner {
  private readonly wakeup = new Wakeup();
  private stopped = false;
  private loop: Promise<void> | undefined;
  private readonly name: string;

  constructor(
    private readonly deps: {
      db: Knex;
      eventStore: EventStore;
      logger: Logger;
      positions: CheckpointPositions;
    },
    private readonly process: Process,
    private position: bigint,
  ) {
    this.name = processCheckpointName(process.name);
  }

  start(): void {
    this.deps.positions.set(this.name, this.position);
    this.loop ??= this.run();
  }

  wake(): void {
    this.wakeup.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeup.cancel();
    await this.loop;
  }

  private async run(): Promise<void> {
    const log = this.deps.logger.child({ process: this.process.name });
    let failures = 0;
    while (!this.stopped) {
      this.wakeup.arm();
      try {
        const progressed = await this.step();
        failures = 0;
        if (!progressed) await this.wakeup.wait(IDLE_RECHECK_MS);
      } catch (error) {
        failures += 1;
        const delayMs = Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(failures, 15));
        log.error({ err: error, position: this.position.toString(), delayMs }, 'process failed, retrying');
        await this.wakeup.sleep(delayMs);
      }
    }
  }

  private async step(): Promise<boolean> {
    const { eventStore, positions } = this.deps;
    const batch = await readBatch(eventStore, this.process, this.position, BATCH_SIZE);
    if (batch.to <= this.position) return false;
    for (const event of batch.events) {
      if (this.stopped) return true;
      await this.process.react(event);
      await this.advance(event.position);
    }
    await this.advance(batch.to);
    positions.set(this.name, this.position);
    return true;
  }

  private async advance(to: bigint): Promise<void> {
    if (to <= this.position) return;
    const { db } = this.deps;
    const moved = await db.transaction((trx) =>
      advanceCheckpoint(trx, this.name, this.process.version, this.position, to),
    );
    if (moved) {
      this.position = to;
    } else {
      // Another process moved it: continue from there.
      const checkpoint = await readCheckpoint(db, this.name);
      if (!checkpoint) throw new Error(`Checkpoint of ${this.name} is missing`);
      this.position = checkpoint.position;
    }
    this.deps.positions.set(this.name, this.position);
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

/** Runs every process from its checkpoint; woken by the store's subscription like the projectors. */
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
  let subscription: Subscription | undefined;

  return {
    async start() {
      const head = await eventStore.headPosition();
      subscription = eventStore.subscribe({
        after: head,
        onEvent: async () => {
          for (const runner of runners) runner.wake();
        },
        onError: (error) => logger.error({ err: error }, 'process wake-up subscription failed'),
      });
      for (const process of processes) {
        // A version bump starts the process over from the beginning of the log.
        const checkpoint = await ensureProjection(db, checkpointOf(process));
        const from = checkpoint.version === process.version ? checkpoint.position : 0n;
        if (checkpoint.version !== process.version) {
          await db('projection_checkpoints')
            .where({ name: checkpoint.name })
            .update({ version: process.version, position: '0' });
        }
        const runner = new ProcessRunner({ db, eventStore, logger, positions }, process, from);
        runners.push(runner);
        runner.start();
      }
    },
    async stop() {
      await subscription?.stop();
      await Promise.all(runners.map((runner) => runner.stop()));
    },
    waitFor: (projectorNames, position) => positions.waitFor(projectorNames, position),
  };
}
