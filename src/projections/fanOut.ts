import type { Logger } from 'pino';
import type { EventStore, RecordedEvent, Subscription } from '../eventstore/eventStore.js';

const RESUBSCRIBE_DELAY_MS = 1_000;

/** What a fan-out reports to: a projection or process runner. */
export interface EventListener {
  notice(event: RecordedEvent): void;
  wake(): void;
}

export interface FanOut {
  /** Subscribes after `after`; a failed subscription is started again where it stopped. */
  start(after: bigint): void;
  stop(): Promise<void>;
  /** The last position reported to the listeners (a runner started later learns it as its feed's start). */
  readonly seen: bigint | undefined;
  /** Where start() began: events up to it are never reported. Undefined before start(). */
  readonly startedAfter: bigint | undefined;
}

/**
 * One store subscription reporting every event, in order, to every listener (the engines' runners, which
 * apply their own events from it while they keep up). When it fails it is started again after a second from
 * the last event reported, and the listeners are woken to read what they may have missed from the store.
 */
export function fanOutSubscription(
  eventStore: EventStore,
  logger: Logger,
  what: string,
  listeners: () => Iterable<EventListener>,
): FanOut {
  let subscription: Subscription | undefined;
  let resubscribeTimer: NodeJS.Timeout | undefined;
  let stopped = false;
  let seen: bigint | undefined;
  let startedAfter: bigint | undefined;

  const subscribe = (after: bigint) => {
    seen = after;
    subscription = eventStore.subscribe({
      after,
      onEvent: async (event) => {
        seen = event.position;
        for (const listener of listeners()) listener.notice(event);
      },
      onError: (error) => {
        if (stopped) return;
        logger.error({ err: error, delayMs: RESUBSCRIBE_DELAY_MS }, `${what} wake-up subscription failed`);
        resubscribeTimer = setTimeout(() => {
          subscribe(seen ?? after);
          for (const listener of listeners()) listener.wake();
        }, RESUBSCRIBE_DELAY_MS);
      },
    });
  };

  return {
    start(after) {
      startedAfter = after;
      subscribe(after);
    },
    async stop() {
      stopped = true;
      clearTimeout(resubscribeTimer);
      await subscription?.stop();
    },
    get seen() {
      return seen;
    },
    get startedAfter() {
      return startedAfter;
    },
  };
}
