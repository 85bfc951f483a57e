import { describe, expect, it } from 'vitest';
import { type EventStore, expect as expected, type RecordedEvent } from '../../src/eventstore/eventStore.js';
import { assertStrictlyOrdered, eventually, newEvent, uniqueStream } from './eventstore.fixtures.js';

const WRITERS = 8;
const APPENDS_PER_WRITER = 500;

/** Subscriptions: part of the contract suite, given the suite's store. */
export function defineEventStoreSubscriptionContract(storeOf: () => EventStore): void {
  describe('subscriptions', () => {
    it('deliver the events after a position, in order, then new ones as they are appended', async () => {
      const store = storeOf();
      const stream = uniqueStream('sub');
      await store.appendToStream(stream, [newEvent('Before')], expected.noStream);
      const start = (
        await eventually(
          () => store.readStream(stream),
          (events) => events.length === 1,
        )
      )[0]!;
      await eventually(store.headPosition, (head) => head >= start.position);
      await store.appendToStream(stream, [newEvent('Old1'), newEvent('Old2')], expected.revision(0));

      const seen: RecordedEvent[] = [];
      let active = 0;
      const subscription = store.subscribe({
        after: start.position,
        async onEvent(event) {
          active += 1;
          if (active > 1) throw new Error('onEvent ran concurrently');
          if (event.stream === stream) seen.push(event);
          await new Promise((resolve) => setImmediate(resolve));
          active -= 1;
        },
      });
      try {
        await eventually(
          () => seen.length,
          (count) => count === 2,
        );
        await store.appendToStream(stream, [newEvent('New')], expected.revision(2));
        await eventually(
          () => seen.length,
          (count) => count === 3,
        );
        expect(seen.map((event) => event.type)).toEqual(['Old1', 'Old2', 'New']);
        assertStrictlyOrdered(seen);
      } finally {
        await subscription.stop();
      }
    });

    it('deliver only the requested event types', async () => {
      const store = storeOf();
      const head = await store.headPosition();
      const stream = uniqueStream('typed');
      const wanted = `Wanted${stream.slice(-8)}`;
      const seen: string[] = [];
      const subscription = store.subscribe({
        after: head,
        eventTypes: [wanted],
        onEvent: async (event) => void seen.push(event.type),
      });
      try {
        await store.appendToStream(
          stream,
          [newEvent('Other'), newEvent(wanted), newEvent('Other')],
          expected.any,
        );
        await store.appendToStream(stream, [newEvent(wanted)], expected.any);
        await eventually(
          () => seen.length,
          (count) => count >= 2,
        );
        expect(seen).toEqual([wanted, wanted]);
      } finally {
        await subscription.stop();
      }
    });

    it('stop when onEvent rejects, reporting the error, and can be stopped from inside onEvent', async () => {
      const store = storeOf();
      const head = await store.headPosition();
      const stream = uniqueStream('failing');
      await store.appendToStream(stream, [newEvent('One'), newEvent('Two')], expected.noStream);
      const failure = new Error('projection broke');
      const reported: unknown[] = [];
      let calls = 0;
      const failing = store.subscribe({
        after: head,
        onEvent: async (event) => {
          if (event.stream !== stream) return;
          calls += 1;
          throw failure;
        },
        onError: (error) => reported.push(error),
      });
      await eventually(
        () => reported,
        (errors) => errors.length === 1,
      );
      expect(reported[0]).toBe(failure);
      expect(calls).toBe(1);
      await failing.stop();

      const types: string[] = [];
      const selfStopping = store.subscribe({
        after: head,
        onEvent: async (event) => {
          if (event.stream !== stream) return;
          types.push(event.type);
          await selfStopping.stop();
        },
      });
      await eventually(
        () => types,
        (found) => found.length === 1,
      );
      await selfStopping.stop();
      expect(types).toEqual(['One']);
    });

    it(`see every event of ${WRITERS} concurrent writers × ${APPENDS_PER_WRITER} appends exactly once, in order`, async () => {
      const store = storeOf();
      const head = await store.headPosition();
      const streams = Array.from({ length: WRITERS }, () => uniqueStream('load'));
      const seen: RecordedEvent[] = [];
      const subscription = store.subscribe({
        after: head,
        onEvent: async (event) => {
          if (streams.includes(event.stream)) seen.push(event);
        },
      });
      try {
        await Promise.all(
          streams.map(async (stream) => {
            for (let revision = 0; revision < APPENDS_PER_WRITER; revision++) {
              const state = revision === 0 ? expected.noStream : expected.revision(revision - 1);
              await store.appendToStream(stream, [newEvent('Load', { revision })], state);
            }
          }),
        );
        const total = WRITERS * APPENDS_PER_WRITER;
        await eventually(
          () => seen.length,
          (count) => count >= total,
        );
        expect(seen).toHaveLength(total);
        assertStrictlyOrdered(seen);
        for (const stream of streams) {
          const revisions = seen.filter((event) => event.stream === stream).map((event) => event.revision);
          expect(revisions).toEqual(Array.from({ length: APPENDS_PER_WRITER }, (_, i) => i));
        }
      } finally {
        await subscription.stop();
      }
    });
  });
}
