import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/commands/handleCommand.js';
import type { Decider } from '../../src/domain/shared/decider.js';
import { DomainError } from '../../src/domain/shared/errors.js';
import { type EventStore, WrongExpectedVersionError } from '../../src/eventstore/eventStore.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import { testContext } from '../helpers/context.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

/**
 * The one command handler against the PostgreSQL store: commands on one stream from this process take turns,
 * a writer elsewhere is met by the revision check (read again, decide again), and conflicts past the bounded
 * attempts are a 409.
 */

type Added = { type: 'ItemAdded'; data: { item: string } };
type Add = { item: string };

/** A set of items: adding one it holds is refused, so a decision on a stale read would be wrong. */
const items: Decider<Add, Added, string[]> = {
  initialState: [],
  evolve: (state, event) => [...state, event.data.item],
  decide: (command, state) => {
    if (state.includes(command.item)) throw new DomainError('duplicate', 'Already added', 422);
    return [{ type: 'ItemAdded', data: { item: command.item } }];
  },
};

let database: TestDatabase;
let store: EventStore;
beforeAll(async () => {
  database = await createTestDatabase();
  store = createPostgresEventStore(database.db);
});
afterAll(async () => {
  await store?.close();
  await database?.drop();
});

const add = (on: EventStore, stream: string, item: string, history?: Parameters<typeof handleCommand>[5]) =>
  handleCommand(on, stream, items, { item }, testContext(), history);

const itemsOf = async (stream: string) =>
  (await store.readStream(stream)).map((event) => (event.data as Added['data']).item);

describe('handleCommand', () => {
  it('takes a dozen commands on one stream at once in turns: every one is decided on what the others left', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `item-${i}`);
    const results = await Promise.allSettled(names.map((name) => add(store, 'set-burst', name)));
    expect(results.map((result) => result.status)).toEqual(names.map(() => 'fulfilled'));
    expect((await itemsOf('set-burst')).sort()).toEqual([...names].sort());
  });

  it('ends a failed turn without holding up the next', async () => {
    await add(store, 'set-failing', 'a');
    const [again, next] = await Promise.allSettled([
      add(store, 'set-failing', 'a'),
      add(store, 'set-failing', 'b'),
    ]);
    expect(again).toMatchObject({ status: 'rejected', reason: { code: 'duplicate' } });
    expect(next.status).toBe('fulfilled');
    expect(await itemsOf('set-failing')).toEqual(['a', 'b']);
  });

  it('reads again and decides again when another writer moved the stream on since the use case read it', async () => {
    await add(store, 'set-stale', 'a');
    const stale = await store.readStream('set-stale');
    await add(store, 'set-stale', 'b'); // as another process would
    await expect(add(store, 'set-stale', 'b', { history: stale })).rejects.toMatchObject({
      code: 'duplicate',
    });
    await add(store, 'set-stale', 'c', { history: stale });
    expect(await itemsOf('set-stale')).toEqual(['a', 'b', 'c']);
  });

  it('answers 409 once every attempt met a conflict, and appends nothing', async () => {
    let appends = 0;
    const contended: EventStore = {
      ...store,
      appendToStream: async (stream, _events, expected) => {
        appends += 1;
        throw new WrongExpectedVersionError(stream, expected, 0);
      },
    };
    const refusal = await add(contended, 'set-contended', 'a').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({
      status: 409,
      message: 'The resource was changed concurrently, please retry.',
    });
    expect(appends).toBe(5);
    expect(await itemsOf('set-contended')).toEqual([]);
  });
});
