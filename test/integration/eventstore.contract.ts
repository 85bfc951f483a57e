import { beforeAll, describe, expect, it } from 'vitest';
import {
  type EventStore,
  expect as expected,
  type NewEvent,
  WrongExpectedVersionError,
} from '../../src/eventstore/eventStore.js';
import { defineMultiStreamAppendContract } from './eventstore.contract.multi.js';
import { defineEventStoreSubscriptionContract } from './eventstore.contract.subscriptions.js';
import { eventually, newEvent, readAllOf, uniqueStream } from './eventstore.fixtures.js';

/** Gives each suite a store; the suite itself never closes it (the caller's afterAll does). */
export type StoreFactory = () => EventStore;

async function conflictOf(promise: Promise<unknown>): Promise<WrongExpectedVersionError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(WrongExpectedVersionError);
  return error as WrongExpectedVersionError;
}

/** The behaviour every EventStore adapter owes the rest of Annals (see src/eventstore/eventStore.ts). */
export function defineEventStoreContract(name: string, storeOf: StoreFactory): void {
  describe(`${name} event store contract`, () => {
    let store: EventStore;
    beforeAll(() => {
      store = storeOf();
    });

    describe('streams', () => {
      it('reads back appended events forwards, with revisions from 0 and the last one in the result', async () => {
        const stream = uniqueStream();
        const events = [
          newEvent('A', { n: 1 }),
          newEvent('B', { n: 2 }),
          newEvent('C', { nested: { ok: true } }),
        ];
        const result = await store.appendToStream(stream, events, expected.noStream);
        const read = await store.readStream(stream);
        expect(read.map(({ id, type, data, metadata }) => ({ id, type, data, metadata }))).toEqual(events);
        expect(read.map((event) => [event.stream, event.revision])).toEqual([
          [stream, 0],
          [stream, 1],
          [stream, 2],
        ]);
        expect(result).toEqual({ nextRevision: 2, position: read[2]!.position });
      });

      it('reads backwards, from a revision, and at most maxCount events', async () => {
        const stream = uniqueStream();
        await store.appendToStream(
          stream,
          [1, 2, 3, 4, 5].map((n) => newEvent('N', { n })),
          expected.any,
        );
        const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await store.readStream(stream, options)).map((event) => event.revision);
        expect(await revisions({ direction: 'backwards' })).toEqual([4, 3, 2, 1, 0]);
        expect(await revisions({ fromRevision: 2 })).toEqual([2, 3, 4]);
        expect(await revisions({ fromRevision: 1, maxCount: 2 })).toEqual([1, 2]);
        expect(await revisions({ direction: 'backwards', fromRevision: 3, maxCount: 2 })).toEqual([3, 2]);
        expect(await revisions({ direction: 'backwards', maxCount: 1 })).toEqual([4]);
      });

      it('reads a stream that was never written as an empty list', async () => {
        expect(await store.readStream(uniqueStream())).toEqual([]);
        expect(await store.readStream(uniqueStream(), { direction: 'backwards' })).toEqual([]);
      });
    });

    describe('expected state', () => {
      it('no_stream accepts a new stream and refuses one that has events', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, [newEvent()], expected.noStream);
        const conflict = await conflictOf(store.appendToStream(stream, [newEvent()], expected.noStream));
        expect(conflict).toMatchObject({ stream, actual: 0 });
      });

      it('stream_exists refuses a stream without events and accepts one with events', async () => {
        const stream = uniqueStream();
        const conflict = await conflictOf(store.appendToStream(stream, [newEvent()], expected.streamExists));
        expect(conflict.actual).toBe('no_stream');
        await store.appendToStream(stream, [newEvent()], expected.any);
        expect(await store.appendToStream(stream, [newEvent()], expected.streamExists)).toMatchObject({
          nextRevision: 1,
        });
      });

      it('an exact revision must be the revision of the last event', async () => {
        const stream = uniqueStream();
        expect(
          (await conflictOf(store.appendToStream(stream, [newEvent()], expected.revision(0)))).actual,
        ).toBe('no_stream');
        await store.appendToStream(stream, [newEvent(), newEvent()], expected.noStream);
        expect(
          (await conflictOf(store.appendToStream(stream, [newEvent()], expected.revision(0)))).actual,
        ).toBe(1);
        expect(
          (await conflictOf(store.appendToStream(stream, [newEvent()], expected.revision(2)))).actual,
        ).toBe(1);
        expect(await store.appendToStream(stream, [newEvent()], expected.revision(1))).toMatchObject({
          nextRevision: 2,
        });
      });

      it('any appends whatever the stream holds', async () => {
        const stream = uniqueStream();
        expect(await store.appendToStream(stream, [newEvent()], expected.any)).toMatchObject({
          nextRevision: 0,
        });
        expect(await store.appendToStream(stream, [newEvent()], expected.any)).toMatchObject({
          nextRevision: 1,
        });
      });

      it('of two writers expecting the same revision, exactly one wins and the other gets a conflict', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, [newEvent()], expected.noStream);
        const outcomes = await Promise.allSettled(
          [1, 2, 3, 4].map(() =>
            store.appendToStream(stream, [newEvent(), newEvent()], expected.revision(0)),
          ),
        );
        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        for (const outcome of outcomes.filter((o) => o.status === 'rejected')) {
          expect(outcome.reason).toBeInstanceOf(WrongExpectedVersionError);
        }
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('a refused multi-event append writes none of its events', async () => {
        const stream = uniqueStream();
        await store.appendToStream(stream, [newEvent()], expected.noStream);
        await conflictOf(
          store.appendToStream(stream, [newEvent(), newEvent(), newEvent()], expected.noStream),
        );
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });

    describe('a retried append (same event ids)', () => {
      const retryCases: [string, (first: NewEvent[]) => Parameters<EventStore['appendToStream']>[2]][] = [
        ['the same stale expected revision', () => expected.noStream],
        ['any', () => expected.any],
        ['stream_exists', () => expected.streamExists],
      ];
      it.each(retryCases)(
        'with %s returns the original result and appends nothing',
        async (_, expectedOf) => {
          const stream = uniqueStream();
          const first = [newEvent('A'), newEvent('B')];
          const original = await store.appendToStream(stream, first, expected.noStream);
          await store.appendToStream(stream, [newEvent('C')], expected.revision(1));
          expect(await store.appendToStream(stream, first, expectedOf(first))).toEqual(original);
          expect((await store.readStream(stream)).map((event) => event.type)).toEqual(['A', 'B', 'C']);
        },
      );

      it('is a conflict when only some of its ids were appended', async () => {
        const stream = uniqueStream();
        const first = newEvent();
        await store.appendToStream(stream, [first], expected.noStream);
        await conflictOf(store.appendToStream(stream, [first, newEvent()], expected.noStream));
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });

    describe('the global log', () => {
      it('orders events across streams by append, and the append result points at each last event', async () => {
        const head = await store.headPosition();
        const [a, b, c] = [uniqueStream('a'), uniqueStream('b'), uniqueStream('c')];
        const plan: [string, number][] = [
          [a, 2],
          [b, 1],
          [a, 1],
          [c, 3],
          [b, 2],
        ];
        const appended: string[] = [];
        const lastPositions: bigint[] = [];
        for (const [stream, count] of plan) {
          const events = Array.from({ length: count }, () => newEvent('Ordered'));
          lastPositions.push((await store.appendToStream(stream, events, expected.any)).position);
          appended.push(...events.map((event) => event.id));
        }
        const all = await eventually(
          () => readAllOf(store, [a, b, c], head),
          (events) => events.length === appended.length,
        );
        expect(all.map((event) => event.id)).toEqual(appended);
        expect(all.every((event, i) => i === 0 || event.position > all[i - 1]!.position)).toBe(true);
        const ends = [1, 2, 3, 6, 8].map((index) => all[index]!.position);
        expect(lastPositions).toEqual(ends);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(lastPositions.at(-1)!);
      });

      it('pages through the log with after and maxCount, neither skipping nor repeating an event', async () => {
        const head = await store.headPosition();
        const streams = [uniqueStream('page'), uniqueStream('page')];
        for (let i = 0; i < 6; i++) {
          await store.appendToStream(streams[i % 2]!, [newEvent('Paged'), newEvent('Paged')], expected.any);
        }
        const whole = await eventually(
          () => readAllOf(store, streams, head),
          (events) => events.length === 12,
        );
        const paged = [];
        for (let after = head; ; ) {
          const page = await store.readAll({ after, maxCount: 5 });
          if (page.length === 0) break;
          expect(page.length).toBeLessThanOrEqual(5);
          paged.push(...page.filter((event) => streams.includes(event.stream)));
          after = page.at(-1)!.position;
        }
        expect(paged.map((event) => event.id)).toEqual(whole.map((event) => event.id));
      });

      it('filters by event type', async () => {
        const head = await store.headPosition();
        const stream = uniqueStream();
        const [x, y, z] = ['X', 'Y', 'Z'].map((suffix) => `Filtered${suffix}${stream.slice(-8)}`);
        await store.appendToStream(
          stream,
          [newEvent(x), newEvent(y), newEvent(z), newEvent(x)],
          expected.noStream,
        );
        const types = async (eventTypes: string[]) =>
          (await store.readAll({ after: head, eventTypes })).map((event) => event.type);
        expect(
          await eventually(
            () => types([x!, z!]),
            (found) => found.length === 3,
          ),
        ).toEqual([x, z, x]);
        expect(await types([y!])).toEqual([y]);
        expect(await types([])).toEqual([]);
      });
    });

    defineMultiStreamAppendContract(() => store);
    defineEventStoreSubscriptionContract(() => store);
  });
}
