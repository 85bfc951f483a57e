import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { EventStore, RecordedEvent } from '../eventstore/eventStore.js';
import { applyEvents, type Batch, ProjectionApplyError, readBatch } from './batch.js';
import { readCheckpoint, recordCheckpointError } from './checkpoints.js';
import { startApply } from './locks.js';
import type { CheckpointPositions } from './positions.js';
import { liveTables, type Projector } from './projector.js';
import { Wakeup } from './wakeup.js';

export interface RunnerDeps {
  db: Knex;
  eventStore: EventStore;
  projector: Projector;
  positions: CheckpointPositions;
  logger: Logger;
  batchSize: number;
}

/** A safety net only: wake-ups come from the store subscription; this catches one lost with a broken connection. */
const IDLE_RECHECK_MS = 10_000;
/** Another process holds the projector's apply lock for one batch: look again soon. */
const LOCK_BUSY_RETRY_MS = 100;
const MAX_BACKOFF_MS = 30_000;
/**
 * A projector with nothing to apply moves its position in memory only (waitFor sees it at once) and writes
 * the checkpoint past other read models' events at most this often: a write transaction per event for every
 * projector would cost each append a commit per read model. The stored checkpoint stays true meanwhile (no
 * event of this projector lies between it and the position); a restart just scans that stretch again.
 */
const IDLE_CHECKPOINT_MS = 1_000;

/**
 * `caught-up`: everything visible when the batch was read is applied; what comes after is reported by the
 * subscription (notice), so the loop waits instead of asking the store again.
 */
type Step = 'progressed' | 'caught-up' | 'idle' | 'lock-busy';

/**
 * Keeps one projector's live tables following the log: read a batch after the checkpoint, apply it and
 * compare-and-set the checkpoint in one transaction, repeat until caught up, then wait for a wake-up.
 * A failing event is logged with its id and type and the batch retried with backoff: never skipped.
 */
export class ProjectionRunner {
  private position: bigint;
  /** The checkpoint as stored: the compare-and-set starts from it (the position may be ahead, see above). */
  private persisted: bigint;
  private persistedAt = 0;
  /** The last event the engine's subscription reported (see notice). */
  private lastNoticed: bigint | undefined;
  private readonly handled: ReadonlySet<string>;
  private readonly wakeup = new Wakeup();
  private stopped = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly deps: RunnerDeps,
    from: bigint,
  ) {
    this.position = from;
    this.persisted = from;
    this.handled = new Set(deps.projector.handles);
  }

  start(): void {
    this.deps.positions.set(this.deps.projector.name, this.position);
    this.loop ??= this.run();
  }

  wake(): void {
    this.wakeup.wake();
  }

  /**
   * The engine's subscription saw `event`; it reports every event, in order. Another read model's event,
   * right after one this runner is already past, leaves nothing of ours in between: step past it in memory,
   * without a query. Anything else wakes the loop to look for work.
   */
  notice(event: Pick<RecordedEvent, 'position' | 'type'>): void {
    const previous = this.lastNoticed;
    this.lastNoticed = event.position;
    const skippable =
      !this.handled.has(event.type) &&
      previous !== undefined &&
      this.position >= previous &&
      Date.now() - this.persistedAt < IDLE_CHECKPOINT_MS;
    if (!skippable) {
      this.wakeup.wake();
    } else if (event.position > this.position) {
      this.position = event.position;
      this.deps.positions.set(this.deps.projector.name, this.position);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeup.cancel();
    await this.loop;
    // What was stepped past in memory is stored, so a restart does not scan it again (best effort).
    if (this.loop && this.position > this.persisted)
      await this.commit([], this.position).catch(() => undefined);
  }

  private async run(): Promise<void> {
    const { projector, logger } = this.deps;
    const log = logger.child({ projection: projector.name });
    let catchingUp = true;
    let failures = 0;
    while (!this.stopped) {
      this.wakeup.arm();
      try {
        const step = await this.step();
        failures = 0;
        const waiting = step === 'idle' || step === 'caught-up';
        if (waiting && catchingUp) {
          log.info({ position: this.position.toString() }, 'projection caught up');
          catchingUp = false;
        }
        // Stepped past events in memory only: come back when the checkpoint is due to be stored.
        if (waiting)
          await this.wakeup.wait(this.position > this.persisted ? IDLE_CHECKPOINT_MS : IDLE_RECHECK_MS);
        if (step === 'lock-busy') await this.wakeup.wait(LOCK_BUSY_RETRY_MS);
      } catch (error) {
        if (error instanceof ProjectionVersionChanged) {
          log.error({ version: projector.version, stored: error.stored }, error.message);
          return;
        }
        failures += 1;
        const delayMs = Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(failures, 15));
        const event = error instanceof ProjectionApplyError ? error.event : undefined;
        log.error(
          {
            err: error,
            eventId: event?.id,
            eventType: event?.type,
            position: event?.position.toString(),
            delayMs,
          },
          'projection failed, retrying',
        );
        await recordCheckpointError(this.deps.db, projector.name, String(error)).catch(() => undefined);
        catchingUp = true;
        await this.wakeup.sleep(delayMs);
      }
    }
  }

  private async step(): Promise<Step> {
    const { projector, positions, batchSize } = this.deps;
    const from = this.position;
    const batch = await this.readBatch(from);
    // biome-ignore lint/complexity/useMathMinMax: positions are bigints
    const to = batch.to > from ? batch.to : from;
    const persistDue = Date.now() - this.persistedAt >= IDLE_CHECKPOINT_MS;
    if (batch.events.length === 0 && (to === this.persisted || !persistDue)) {
      if (to === from) return 'idle';
      this.position = to;
      positions.set(projector.name, to);
      return 'caught-up';
    }
    const outcome = await this.commit(batch.events, to);
    if (outcome === 'lock-busy') return outcome;
    positions.set(projector.name, this.position);
    return outcome === 'applied' && batch.events.length < batchSize ? 'caught-up' : 'progressed';
  }

  /**
   * Once the subscription reports events, our events only, without asking for the head: every event up to
   * the last one reported was settled before this read began (the subscription saw it below the horizon),
   * so a short batch holds all of ours up to there and may end there. Otherwise (catching up at start, or
   * nothing reported past `from`) batch.ts's readBatch, which may claim up to the head.
   */
  private async readBatch(from: bigint): Promise<Batch> {
    const { eventStore, projector, batchSize } = this.deps;
    const reported = this.lastNoticed;
    if (reported !== undefined && reported > from && projector.handles.length > 0) {
      const events = await eventStore.readAll({
        after: from,
        maxCount: batchSize,
        eventTypes: projector.handles,
      });
      const last = events.at(-1)?.position ?? from;
      return { events, to: events.length >= batchSize || last > reported ? last : reported };
    }
    return readBatch(eventStore, projector, from, batchSize);
  }

  /** Applies `events` and moves the stored checkpoint to `to`, in one transaction. */
  private async commit(
    events: readonly RecordedEvent[],
    to: bigint,
  ): Promise<'applied' | 'moved' | 'lock-busy'> {
    const { db, projector } = this.deps;
    const outcome = await db.transaction(async (trx) => {
      const checkpoint = { name: projector.name, version: projector.version, from: this.persisted, to };
      const started = await startApply(trx, checkpoint);
      if (started !== 'locked') return started;
      await applyEvents(trx, projector, events, liveTables);
      return 'applied' as const;
    });
    if (outcome === 'moved') {
      // Another process, or a rebuild's swap, moved the checkpoint: its tables are what the row says.
      const checkpoint = await readCheckpoint(db, projector.name);
      if (!checkpoint) throw new Error(`Checkpoint of ${projector.name} is missing`);
      if (checkpoint.version !== projector.version) throw new ProjectionVersionChanged(checkpoint.version);
      this.position = this.persisted = checkpoint.position;
    } else if (outcome === 'applied') {
      this.position = this.persisted = to;
      this.persistedAt = Date.now();
    }
    return outcome;
  }
}

/** Tables rebuilt by a process running another version of this projector: this process must not write to them. */
class ProjectionVersionChanged extends Error {
  constructor(readonly stored: number) {
    super(
      'projection rebuilt with another version by another process; stopping this runner (restart to follow)',
    );
  }
}
