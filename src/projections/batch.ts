import type { Knex } from 'knex';
import type { EventStore, RecordedEvent } from '../eventstore/eventStore.js';
import type { ProjectionTables, Projector } from './projector.js';

export const DEFAULT_BATCH_SIZE = 500;
/** Batches an EventFeed queues for a busy runner before it breaks (see EventFeed). */
const QUEUED_BATCHES = 8;

/** The events a projector handles after `after`, and the position its checkpoint may move to once they are applied. */
export interface Batch {
  events: RecordedEvent[];
  /** Greater than `after` when there is anything to do, even if `events` is empty (only unhandled events). */
  to: bigint;
}

/**
 * Reads the next batch with the store filtering by type. The checkpoint must still move past events the
 * projector ignores, or waitFor would never see it reach a position written by another area. So:
 * - a full batch ends at its last event (more handled events may follow);
 * - a short batch means every handled event up to the head is in it, so the checkpoint may move to the head.
 *   The head is read *before* the events: anything visible then is visible to the read that follows.
 */
export async function readBatch(
  store: EventStore,
  projector: Pick<Projector, 'handles'>,
  after: bigint,
  maxCount: number,
): Promise<Batch> {
  const head = await store.headPosition();
  if (head <= after) return { events: [], to: after };
  // An empty filter could mean "every type" to an adapter; a projector that handles nothing reads nothing.
  const events =
    projector.handles.length === 0
      ? []
      : await store.readAll({ after, maxCount, eventTypes: projector.handles });
  const last = events.at(-1)?.position;
  if (last !== undefined && events.length >= maxCount) return { events, to: last };
  return { events, to: last !== undefined && last > head ? last : head };
}

/**
 * The events a runner is handed by its engine's subscription, so that a runner keeping up never reads the
 * store. The subscription reports every event of the log, in order, each after the one before (positions
 * between two reports hold no event: the subscription read them below the settled horizon). The feed holds
 * the handled events reported after `from`, and `to`, the last position it covers; it starts only where the
 * runner is known to have accounted for every earlier event, and every report extends it, so it never has
 * a gap. `take` hands it over only to a runner standing exactly at `from`: one that is anywhere else (a
 * failed or refused batch, a checkpoint moved by another process or a rebuild) reads the store instead.
 *
 * A runner busy applying a batch while a burst arrives (a move appends a thousand events every few dozen
 * milliseconds) finds several batches queued: it takes them a batch at a time from here, instead of reading
 * them all from the store again, until more than QUEUED_BATCHES batches wait (then the feed breaks, so that
 * a runner far behind holds no more of the log in memory).
 */
export class EventFeed {
  private feed: { from: bigint; to: bigint; events: RecordedEvent[] } | undefined;

  /**
   * `maxEvents`: the most `take` hands over at once (a runner's batch). `reported`: the last position the
   * subscription reported before this feed was created, if any.
   */
  constructor(
    private readonly handles: ReadonlySet<string>,
    private readonly maxEvents: number,
    private reported: bigint | undefined,
    private readonly maxQueued = maxEvents * QUEUED_BATCHES,
  ) {}

  /** The last position the subscription reported: every event up to it is settled. */
  get lastReported(): bigint | undefined {
    return this.reported;
  }

  /**
   * Records the next reported event. `position`: where the runner stands, every event up to it accounted
   * for. Answers whether the runner has work: an event queued, or no feed (the store must be read).
   */
  report(event: RecordedEvent, position: bigint): boolean {
    const previous = this.reported;
    this.reported = event.position;
    if (!this.feed && previous !== undefined && position >= previous)
      this.feed = { from: position, to: position, events: [] };
    const feed = this.feed;
    if (!feed) return true;
    if (event.position <= feed.from) return false;
    const handled = this.handles.has(event.type);
    if (handled) {
      if (feed.events.length >= this.maxQueued) {
        this.feed = undefined; // too far behind: the runner reads batches instead
        return true;
      }
      feed.events.push(event);
    }
    feed.to = event.position;
    return handled;
  }

  /** The runner at `position` may step to the returned position in memory: nothing of its own lies before it. */
  idleUpTo(position: bigint): bigint | undefined {
    const feed = this.feed;
    if (!feed || feed.from !== position || feed.events.length > 0) return undefined;
    feed.from = feed.to;
    return feed.to;
  }

  /**
   * The queued events (at most maxEvents: then the batch ends at its last, as a full batch read from the store
   * does), if the runner stands at their start; the feed goes on from the batch's end.
   */
  take(position: bigint): Batch | undefined {
    const feed = this.feed;
    if (!feed || feed.from !== position) {
      this.feed = undefined;
      return undefined;
    }
    if (feed.events.length > this.maxEvents) {
      const events = feed.events.splice(0, this.maxEvents);
      feed.from = events.at(-1)!.position;
      return { events, to: feed.from };
    }
    this.feed = { from: feed.to, to: feed.to, events: [] };
    return { events: feed.events, to: feed.to };
  }

  /**
   * The runner is about to read the store up to the last reported position: start the feed there, for when
   * that read's batch ends exactly there.
   */
  restartAtReported(): void {
    const at = this.reported;
    this.feed = at === undefined ? undefined : { from: at, to: at, events: [] };
  }
}

/**
 * A runner's next batch after `after`: the feed's, if it stands where the runner does; none, if the runner
 * stands at the last reported position; else the store's, up to the last reported position when that is ahead
 * (every event up to it was settled before this read began, so a short batch holds all of ours up to there and
 * may end there); else readBatch's, which asks for the head.
 */
export async function nextBatch(
  store: EventStore,
  projector: Pick<Projector, 'handles'>,
  feed: EventFeed,
  after: bigint,
  maxCount: number,
): Promise<Batch> {
  const pushed = feed.take(after);
  if (pushed) return pushed;
  const reported = feed.lastReported;
  // Standing exactly where the subscription last reported, with no feed yet (the first report came before
  // the runner got there): nothing settled lies ahead, and the next report goes to the feed started here.
  if (reported === after) {
    feed.restartAtReported();
    return { events: [], to: after };
  }
  if (reported === undefined || reported < after) return readBatch(store, projector, after, maxCount);
  feed.restartAtReported();
  if (projector.handles.length === 0) return { events: [], to: reported };
  const events = await store.readAll({ after, maxCount, eventTypes: projector.handles });
  const last = events.at(-1)?.position ?? after;
  return { events, to: events.length >= maxCount || last > reported ? last : reported };
}

/** A projector threw on an event: says which, so logs and the CLI can name it. */
export class ProjectionApplyError extends Error {
  constructor(
    readonly projector: string,
    readonly event: Pick<RecordedEvent, 'id' | 'type' | 'position' | 'stream'>,
    cause: unknown,
  ) {
    super(
      `Projection ${projector} failed on event ${event.id} (${event.type} at ${event.position}): ${String(
        cause instanceof Error ? cause.message : cause,
      )}`,
      { cause },
    );
    this.name = 'ProjectionApplyError';
  }
}

/** A runner's failure as its log line says it: the event that failed, if one did, and the wait before the retry. */
export function failureDetails(error: unknown, delayMs: number) {
  const event = error instanceof ProjectionApplyError ? error.event : undefined;
  const position = event?.position.toString();
  return { err: error, eventId: event?.id, eventType: event?.type, position, delayMs };
}

/** Applies `events` in order through `apply`, one by one, naming the event that failed. */
export async function applyOneByOne(
  trx: Knex.Transaction,
  projector: Projector,
  events: readonly RecordedEvent[],
  tables: ProjectionTables,
): Promise<void> {
  for (const event of events) {
    try {
      await projector.apply(trx, event, tables);
    } catch (error) {
      throw new ProjectionApplyError(projector.name, event, error);
    }
  }
}

/** A batch through the projector's applyBatch when it has one (see Projector), else one by one. */
export async function applyEvents(
  trx: Knex.Transaction,
  projector: Projector,
  events: readonly RecordedEvent[],
  tables: ProjectionTables,
): Promise<void> {
  if (!projector.applyBatch || events.length < 2) return applyOneByOne(trx, projector, events, tables);
  try {
    await projector.applyBatch(trx, events, tables);
  } catch (error) {
    if (error instanceof ProjectionApplyError) throw error;
    throw new ProjectionApplyError(projector.name, events[0]!, error);
  }
}

/**
 * For applyBatch: runs of consecutive events `inRun` accepts (two or more) go to `applyRun` together, naming
 * the run's first event should it fail; every other event goes through `apply`.
 */
export async function applyInRuns(
  trx: Knex.Transaction,
  projector: Projector,
  events: readonly RecordedEvent[],
  tables: ProjectionTables,
  inRun: (event: RecordedEvent) => boolean,
  applyRun: (run: readonly RecordedEvent[]) => Promise<void>,
): Promise<void> {
  for (let start = 0; start < events.length; ) {
    let end = start;
    while (end < events.length && inRun(events[end]!)) end++;
    if (end - start >= 2) {
      const run = events.slice(start, end);
      try {
        await applyRun(run);
      } catch (error) {
        throw new ProjectionApplyError(projector.name, run[0]!, error);
      }
    } else {
      end = Math.max(end, start + 1);
      await applyOneByOne(trx, projector, events.slice(start, end), tables);
    }
    start = end;
  }
}
