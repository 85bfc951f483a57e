import type { RecordedEvent, SubscribeOptions, Subscription } from './eventStore.js';
import type { Notifier } from './pgNotifier.js';

/** The part of a pino logger the event store uses. */
export interface StoreLogger {
  warn(details: object, message: string): void;
  debug(details: object, message: string): void;
}

export const silentLogger: StoreLogger = { warn: () => undefined, debug: () => undefined };

/** One read of the visible log after a cursor. */
export interface Page {
  events: RecordedEvent[];
  /** Every position below it is settled: no event below it can still appear. */
  horizon: bigint;
  /** Committed events exist at or past the horizon, waiting for an older transaction to end. */
  heldBack: boolean;
}

type ReadPage = (after: bigint, maxCount: number, eventTypes?: readonly string[]) => Promise<Page>;

/**
 * Subscriptions woken together (the projection and process engines', say) at the same cursor ask for the
 * same page: one query answers them all. Only a read begun since the last wake-up is shared (see
 * Notifier.generation), so a subscriber never takes a page older than the append that woke it.
 */
export function sharedPageReader(readPage: ReadPage, notifier: Pick<Notifier, 'generation'>): ReadPage {
  const inFlight = new Map<string, { generation: number; page: Promise<Page> }>();
  return (after, maxCount, eventTypes) => {
    const key = `${after}/${maxCount}/${eventTypes?.join(',') ?? '*'}`;
    const generation = notifier.generation;
    const current = inFlight.get(key);
    if (current?.generation === generation) return current.page;
    const page = readPage(after, maxCount, eventTypes).finally(() => {
      if (inFlight.get(key)?.page === page) inFlight.delete(key);
    });
    inFlight.set(key, { generation, page });
    return page;
  };
}

export interface PollingDeps {
  readPage: ReadPage;
  notifier: Notifier;
  logger: StoreLogger;
  batchSize: number;
  /** Fallback when no notification arrives (lost LISTEN connection, writers from elsewhere). */
  pollIntervalMs: number;
  /** Sooner re-poll while an older transaction holds committed events back. */
  heldBackPollMs: number;
}

export interface PollingSubscription extends Subscription {
  /**
   * A write transaction of this process ended: events it held back may show now. A subscriber that is
   * waiting for held-back events looks again at once instead of at its next poll.
   */
  recheck(): void;
}

/**
 * A catch-up subscription: read pages after the cursor, deliver one event at a time, then sleep until a
 * notification or the poll timer. A notification that arrives while we read or deliver sets `signalled`,
 * so it is never lost between the read and the sleep.
 *
 * Events held back by a running transaction are usually held by one of this process's own (a projector's
 * batch, a few milliseconds long): its end (recheck) wakes the subscriber. Only while the same transaction
 * has held them for less than heldBackPollMs, though: one that lasts is another process's, and is polled.
 */
export function startPollingSubscription(deps: PollingDeps, options: SubscribeOptions): PollingSubscription {
  /** True while onEvent runs (a plain flag: AsyncLocalStorage would turn on promise hooks process-wide). */
  let handling = false;
  let cursor = options.after;
  let stopped = false;
  let signalled = false;
  let wake: (() => void) | undefined;
  /** A transaction of ours ended since the last read began. */
  let rechecked = false;
  let waitingForOurs = false;
  /** Since when events have been held back below this horizon. */
  let heldBack: { horizon: bigint; since: number } | undefined;

  /** Whether the hold-back of this page is young enough to be one of our own transactions'. */
  const heldByOurs = (page: Page) => {
    if (!page.heldBack) {
      heldBack = undefined;
      return false;
    }
    if (heldBack?.horizon !== page.horizon) heldBack = { horizon: page.horizon, since: Date.now() };
    return Date.now() - heldBack.since < deps.heldBackPollMs;
  };

  const unlisten = deps.notifier.listen(() => {
    signalled = true;
    wake?.();
  });

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  const run = async () => {
    await deps.notifier.ready();
    while (!stopped) {
      signalled = false;
      rechecked = false;
      const page = await deps.readPage(cursor, deps.batchSize, options.eventTypes);
      for (const event of page.events) {
        if (stopped) return;
        handling = true;
        try {
          await options.onEvent(event);
        } finally {
          handling = false;
        }
        cursor = event.position;
      }
      if (page.events.length === deps.batchSize) continue;
      // Everything below the horizon was scanned: skip filtered-out rows instead of re-reading them. Without
      // a filter there are none, and the cursor stays the last event's: subscribers that have seen the same
      // events then ask for the same page, which the store may answer once for all.
      if (options.eventTypes && page.horizon - 1n > cursor) cursor = page.horizon - 1n;
      if (stopped || signalled) continue;
      const ours = heldByOurs(page);
      if (ours && rechecked) continue;
      await deps.notifier.ready();
      if (signalled || stopped) continue;
      waitingForOurs = ours;
      await sleep(page.heldBack ? deps.heldBackPollMs : deps.pollIntervalMs);
      waitingForOurs = false;
    }
  };

  const done = run()
    .catch((error: unknown) => {
      stopped = true;
      if (options.onError) options.onError(error);
      else deps.logger.warn({ err: error }, 'event store subscription stopped');
    })
    .finally(unlisten);

  return {
    recheck() {
      rechecked = true;
      if (waitingForOurs) wake?.();
    },
    stop() {
      stopped = true;
      wake?.();
      // While onEvent runs the caller may be onEvent itself, and waiting for the loop would wait for
      // ourselves: answer at once; the loop ends as soon as the handler returns.
      return handling ? Promise.resolve() : done;
    },
  };
}
