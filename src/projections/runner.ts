import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { EventStore, RecordedEvent } from '../eventstore/eventStore.js';
import { applyEvents, EventFeed, failureDetails, nextBatch } from './batch.js';
import { ProjectionVersionChanged, recordCheckpointError, storedPosition } from './checkpoints.js';
import { startApply } from './locks.js';
import { applyInOneStatement, type Outcome, writesEachAlone } from './oneStatement.js';
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
 * the checkpoint past other read models' events this long after it first fell behind: a write transaction
 * per event for every projector would cost each append a commit per read model. The stored checkpoint stays
 * true meanwhile (no event of this projector lies between it and the position); a restart just scans that
 * stretch again.
 */
const IDLE_CHECKPOINT_MS = 1_000;
/**
 * A projector applying batches set-based (Projector.applyBatch) takes batches this many times larger: a move's
 * thousands of follows cost it little more per batch, and a runner whose feed overflows (falling more than a
 * batch behind) must read the events from the store again.
 */
const SET_BASED_BATCH_FACTOR = 4;
/** The largest batch applied event by event, a statement each (see commit). */
const ALONE_MAX = 8;

/**
 * `caught-up`: everything visible when the batch was read is applied; what comes after is reported by the
 * subscription (notice), so the loop waits instead of asking the store again.
 */
type Step = 'progressed' | 'caught-up' | 'idle' | 'lock-busy';

/**
 * Keeps one projector's live tables following the log: take the next batch after the checkpoint (handed over
 * by the engine's subscription while the runner keeps up, read from the store while it catches up), apply it
 * and compare-and-set the checkpoint in one transaction, repeat until caught up, then wait for a wake-up.
 * A failing event is logged with its id and type and the batch retried with backoff: never skipped.
 */
export class ProjectionRunner {
  private position: bigint;
  /** The checkpoint as stored: the compare-and-set starts from it (the position may be ahead, see above). */
  private persisted: bigint;
  /** When the position went past the stored checkpoint without a write (see IDLE_CHECKPOINT_MS). */
  private aheadSince = 0;
  /** The events the engine's subscription reported (see notice). */
  private readonly feed: EventFeed;
  /** Events per batch (see SET_BASED_BATCH_FACTOR). */
  private readonly batchSize: number;
  /** A batch is being taken or committed: only the loop moves the position meanwhile. */
  private stepping = false;
  private readonly wakeup = new Wakeup();
  private stopped = false;
  private loop: Promise<void> | undefined;

  /** `reported`: the last position the engine's subscription reported, if it has started. */
  constructor(
    private readonly deps: RunnerDeps,
    from: bigint,
    reported?: bigint,
  ) {
    this.position = from;
    this.persisted = from;
    this.batchSize = deps.projector.applyBatch ? deps.batchSize * SET_BASED_BATCH_FACTOR : deps.batchSize;
    this.feed = new EventFeed(new Set(deps.projector.handles), this.batchSize, reported);
  }

  start(): void {
    this.deps.positions.set(this.deps.projector.name, this.position);
    this.loop ??= this.run();
  }

  wake(): void {
    this.wakeup.wake();
  }

  /**
   * The engine's subscription saw `event`; it reports every event, in order. One of ours is queued for the
   * loop to apply without reading the store (batch.ts's EventFeed). Another read model's event, with nothing
   * of ours queued before it, is stepped past in memory, without waking the loop. Anything else wakes it.
   */
  notice(event: RecordedEvent): void {
    const mustLook = this.feed.report(event, this.position) || this.stepping;
    const to = mustLook ? undefined : this.feed.idleUpTo(this.position);
    // Having just fallen behind the stored checkpoint, the loop must shorten its wait to the checkpoint's delay.
    if (to === undefined || this.moveInMemory(to)) this.wakeup.wake();
  }

  /** Answers whether the position just went past the stored checkpoint. */
  private moveInMemory(to: bigint): boolean {
    if (to <= this.position) return false;
    const wasStored = this.position === this.persisted;
    if (wasStored) this.aheadSince = Date.now();
    this.position = to;
    this.deps.positions.set(this.deps.projector.name, to);
    return wasStored;
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
          await this.wakeup.wait(
            this.position > this.persisted
              ? Math.max(0, this.aheadSince + IDLE_CHECKPOINT_MS - Date.now())
              : IDLE_RECHECK_MS,
          );
        if (step === 'lock-busy') await this.wakeup.wait(LOCK_BUSY_RETRY_MS);
      } catch (error) {
        if (error instanceof ProjectionVersionChanged) {
          log.error({ version: projector.version, stored: error.stored }, error.message);
          return;
        }
        failures += 1;
        const delayMs = Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(failures, 15));
        log.error(failureDetails(error, delayMs), 'projection failed, retrying');
        await recordCheckpointError(this.deps.db, projector.name, String(error)).catch(() => undefined);
        catchingUp = true;
        await this.wakeup.sleep(delayMs);
      }
    }
  }

  private async step(): Promise<Step> {
    this.stepping = true;
    try {
      return await this.takeAndCommit();
    } finally {
      this.stepping = false;
    }
  }

  private async takeAndCommit(): Promise<Step> {
    const { eventStore, projector, positions } = this.deps;
    const { batchSize } = this;
    const from = this.position;
    // Woken by the first event of a page the subscription is still reporting: let it report the rest, so
    // that they share this batch's transaction.
    await new Promise((resolve) => setImmediate(resolve));
    const batch = await nextBatch(eventStore, projector, this.feed, from, batchSize);
    // biome-ignore lint/complexity/useMathMinMax: positions are bigints
    const to = batch.to > from ? batch.to : from;
    if (batch.events.length === 0) {
      this.moveInMemory(to);
      const due = Date.now() - this.aheadSince >= IDLE_CHECKPOINT_MS;
      if (this.position === this.persisted || !due) return to === from ? 'idle' : 'caught-up';
    }
    const outcome = await this.commit(batch.events, to);
    if (outcome === 'lock-busy') return outcome;
    positions.set(projector.name, this.position);
    return outcome === 'applied' && batch.events.length < batchSize ? 'caught-up' : 'progressed';
  }

  /**
   * Applies `events` and moves the stored checkpoint to `to`: a live batch of events its projector writes alone
   * (oneStatement.ts) a statement each, n round trips instead of BEGIN, start, n writes and COMMIT, waiters
   * seeing each event as soon as it is in; a larger batch (catching up) or any other in a transaction.
   */
  private async commit(events: readonly RecordedEvent[], to: bigint): Promise<Outcome> {
    if (events.length === 0 || (events.length <= ALONE_MAX && writesEachAlone(this.deps.projector, events)))
      return this.commitEachAlone(events, to);
    return this.settle(await this.applyInTransaction(events, to), to);
  }

  private applyInTransaction(events: readonly RecordedEvent[], to: bigint): Promise<Outcome> {
    const { db, projector } = this.deps;
    return db.transaction(async (trx) => {
      const started = await startApply(trx, this.checkpointTo(to));
      if (started !== 'locked') return started;
      await applyEvents(trx, projector, events, liveTables);
      return 'applied' as const;
    });
  }

  /**
   * Each event (or, for none, the checkpoint alone) in a statement of its own, in order, until one fails; an
   * event its projector asks to apply in a transaction (Outcome `in-transaction`) takes one of its own.
   */
  private async commitEachAlone(events: readonly RecordedEvent[], to: bigint): Promise<Outcome> {
    const { db, projector, positions } = this.deps;
    const steps = events.length === 0 ? [undefined] : events;
    let outcome: Outcome = 'applied';
    for (const [i, event] of steps.entries()) {
      const through = event && i < steps.length - 1 ? event.position : to;
      let written = await applyInOneStatement(db, projector, this.checkpointTo(through), event);
      if (written === 'in-transaction') written = await this.applyInTransaction([event!], through);
      outcome = await this.settle(written, through);
      if (outcome !== 'applied') break;
      positions.set(projector.name, this.position);
    }
    return outcome;
  }

  private checkpointTo(to: bigint) {
    return { name: this.deps.projector.name, version: this.deps.projector.version, from: this.persisted, to };
  }

  /** Takes in a commit's outcome: the position it reached, or the one the stored checkpoint says. */
  private async settle(outcome: Outcome, to: bigint): Promise<Outcome> {
    const { db, projector } = this.deps;
    if (outcome === 'moved') {
      // Another process, or a rebuild's swap, moved the checkpoint: its tables are what the row says.
      this.position = this.persisted = await storedPosition(db, projector.name, projector.version);
    } else if (outcome === 'applied') {
      this.position = this.persisted = to;
    }
    return outcome;
  }
}
