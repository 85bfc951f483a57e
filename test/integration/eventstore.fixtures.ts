import { randomUUID } from 'node:crypto';
import type { EventStore, NewEvent, RecordedEvent } from '../../src/eventstore/eventStore.js';

/** A fresh event with a random id; tests that need ids to repeat keep the event itself. */
export function newEvent(type = 'Tested', data: Record<string, unknown> = {}): NewEvent {
  return {
    id: randomUUID(),
    type,
    data,
    metadata: {
      actor: null,
      correlationId: randomUUID(),
      causationId: null,
      time: new Date().toISOString(),
      schemaVersion: 1,
    },
  };
}

/** Stream names never repeat, so tests share one store without seeing each other's streams. */
export const uniqueStream = (category = 'test') => `${category}-${randomUUID()}`;

/** Polls `probe` until `done` accepts its value or the deadline passes (then fails with the last value). */
export async function eventually<T>(
  probe: () => Promise<T> | T,
  done: (value: T) => boolean,
  { timeoutMs = 20_000, intervalMs = 10 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Every event of the given streams after `after`, through the global log. */
export async function readAllOf(store: EventStore, streams: readonly string[], after: bigint) {
  const events = await store.readAll({ after });
  return events.filter((event) => streams.includes(event.stream));
}

/** Positions strictly increase and no event id repeats. */
export function assertStrictlyOrdered(events: readonly RecordedEvent[]): void {
  const ids = new Set<string>();
  events.forEach((event, index) => {
    if (index > 0 && event.position <= events[index - 1]!.position) {
      throw new Error(
        `position ${event.position} at ${index} does not follow ${events[index - 1]!.position}`,
      );
    }
    if (ids.has(`${event.stream}/${event.id}`)) throw new Error(`event ${event.id} delivered twice`);
    ids.add(`${event.stream}/${event.id}`);
  });
}
