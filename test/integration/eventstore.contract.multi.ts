import { describe, expect, it } from 'vitest';
import {
  type AppendRequest,
  type EventStore,
  expect as expected,
  WrongExpectedVersionError,
} from '../../src/eventstore/eventStore.js';
import { eventually, newEvent, readAllOf, uniqueStream } from './eventstore.fixtures.js';

async function conflictOf(promise: Promise<unknown>): Promise<WrongExpectedVersionError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(WrongExpectedVersionError);
  return error as WrongExpectedVersionError;
}

const typesOf = async (store: EventStore, stream: string) =>
  (await store.readStream(stream)).map((event) => event.type);

/** appendToStreams: several appends as one (see EventStore in src/eventstore/eventStore.ts). */
export function defineMultiStreamAppendContract(storeOf: () => EventStore): void {
  describe('appending to several streams at once', () => {
    it('appends every request, in request order in the log, each result pointing at its last event', async () => {
      const store = storeOf();
      const head = await store.headPosition();
      const [a, b, c] = [uniqueStream('a'), uniqueStream('b'), uniqueStream('c')];
      await store.appendToStream(b, [newEvent('B0')], expected.noStream);
      const requests: AppendRequest[] = [
        { stream: a, events: [newEvent('A1'), newEvent('A2')], expected: expected.noStream },
        { stream: b, events: [newEvent('B1')], expected: expected.revision(0) },
        { stream: c, events: [newEvent('C1'), newEvent('C2'), newEvent('C3')], expected: expected.any },
      ];
      const results = await store.appendToStreams(requests);
      const all = await eventually(
        () => readAllOf(store, [a, b, c], head),
        (events) => events.length === 7,
      );
      const appended = all.filter((event) => event.type !== 'B0');
      expect(appended.map((event) => event.id)).toEqual(requests.flatMap((r) => r.events.map((e) => e.id)));
      expect(results).toEqual([
        { nextRevision: 1, position: appended[1]!.position },
        { nextRevision: 1, position: appended[2]!.position },
        { nextRevision: 2, position: appended[5]!.position },
      ]);
      expect(await typesOf(store, b)).toEqual(['B0', 'B1']);
    });

    it('writes nothing when one request is refused, and names that stream', async () => {
      const store = storeOf();
      const [a, b, c] = [uniqueStream('a'), uniqueStream('b'), uniqueStream('c')];
      await store.appendToStream(b, [newEvent('B0'), newEvent('B1')], expected.noStream);
      const conflict = await conflictOf(
        store.appendToStreams([
          { stream: a, events: [newEvent('A1')], expected: expected.noStream },
          { stream: b, events: [newEvent('B2')], expected: expected.revision(0) },
          { stream: c, events: [newEvent('C1')], expected: expected.noStream },
        ]),
      );
      expect(conflict).toMatchObject({ stream: b, actual: 1 });
      expect(await store.readStream(a)).toEqual([]);
      expect(await store.readStream(c)).toEqual([]);
      expect(await typesOf(store, b)).toEqual(['B0', 'B1']);
    });

    it('returns the original results to a retried call and appends nothing', async () => {
      const store = storeOf();
      const [a, b] = [uniqueStream('a'), uniqueStream('b')];
      const requests: AppendRequest[] = [
        { stream: a, events: [newEvent('A1')], expected: expected.noStream },
        { stream: b, events: [newEvent('B1'), newEvent('B2')], expected: expected.noStream },
      ];
      const original = await store.appendToStreams(requests);
      await store.appendToStream(a, [newEvent('A2')], expected.revision(0));
      expect(await store.appendToStreams(requests)).toEqual(original);
      expect(await typesOf(store, a)).toEqual(['A1', 'A2']);
      expect(await typesOf(store, b)).toEqual(['B1', 'B2']);
    });

    it('is a conflict, naming a stream not yet written, when a call repeats only some appends', async () => {
      const store = storeOf();
      const [a, b] = [uniqueStream('a'), uniqueStream('b')];
      const first = { stream: a, events: [newEvent('A1')], expected: expected.noStream };
      await store.appendToStreams([first]);
      await store.appendToStream(b, [newEvent('B0')], expected.noStream);
      const conflict = await conflictOf(
        store.appendToStreams([first, { stream: b, events: [newEvent('B1')], expected: expected.noStream }]),
      );
      expect(conflict).toMatchObject({ stream: b, actual: 0 });
      expect(await typesOf(store, b)).toEqual(['B0']);
    });

    it('applies requests for the same stream in order', async () => {
      const store = storeOf();
      const a = uniqueStream('a');
      const results = await store.appendToStreams([
        { stream: a, events: [newEvent('A1')], expected: expected.noStream },
        { stream: a, events: [newEvent('A2'), newEvent('A3')], expected: expected.revision(0) },
      ]);
      expect(results.map((result) => result.nextRevision)).toEqual([0, 2]);
      expect(await typesOf(store, a)).toEqual(['A1', 'A2', 'A3']);
    });

    it('lets concurrent calls over the same streams in opposite orders all succeed', async () => {
      const store = storeOf();
      const streams = [uniqueStream('a'), uniqueStream('b'), uniqueStream('c')];
      const call = (order: string[]) =>
        store.appendToStreams(
          order.map((stream) => ({ stream, events: [newEvent('Any')], expected: expected.any })),
        );
      await Promise.all([0, 1, 2, 3, 4, 5].map((n) => call(n % 2 === 0 ? streams : [...streams].reverse())));
      for (const stream of streams) expect(await store.readStream(stream)).toHaveLength(6);
    });
  });
}
