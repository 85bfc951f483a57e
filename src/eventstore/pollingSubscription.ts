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

export interface PollingDeps {
  readPage(after: bigint, maxCount: number, eventTypes?: readonly string[]): Promise<Page>;
  notifier: Notifier;
  logger: StoreLogger;
  batchSize: number;
  /** Fallback when no notification arrives (lost LISTEN connection, writers from elsewhere). */
  pollIntervalMs: number;
  /** Sooner re-poll while an older transaction holds committed events back. */
  heldBackPollMs: number;
}

/**
 * A catch-up subscription: read pages after the cursor, deliver one event at a time, then sleep until a
 * notification or the poll timer. A notification that arrives while we read or deliver sets `signalled`,
 * so it is never lost between the read and the sleep.
 */
export function startPollingSubscription(deps: PollingDeps, options: SubscribeOptions): Subscription {
  /** True while onEvent runs (a plain flag: AsyncLocalStorage would turn on promise hooks process-wide). */
  let handling = false;
  let cursor = options.after;
  let stopped = false;
  let signalled = false;
  let wake: (() => void) | undefined;

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
      // Everything below the horizon was scanned: skip filtered-out rows instead of re-reading them.
      if (page.horizon - 1n > cursor) cursor = page.horizon - 1n;
      if (stopped || signalled) continue;
      await deps.notifier.ready();
      if (!signalled && !stopped) await sleep(page.heldBack ? deps.heldBackPollMs : deps.pollIntervalMs);
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
    stop() {
      stopped = true;
      wake?.();
      // While onEvent runs the caller may be onEvent itself, and waiting for the loop would wait for
      // ourselves: answer at once; the loop ends as soon as the handler returns.
      return handling ? Promise.resolve() : done;
    },
  };
}
