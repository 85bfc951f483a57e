import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expect as expected, type RecordedEvent } from '../../src/eventstore/eventStore.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { defineEventStoreContract } from './eventstore.contract.js';
import { eventually, newEvent, readAllOf, uniqueStream } from './eventstore.fixtures.js';

const LISTENERS = `select 1 from pg_stat_activity
  where datname = current_database() and application_name = 'annals-event-listener' and state is not null`;

let database: TestDatabase;
const stores: ReturnType<typeof createPostgresEventStore>[] = [];
const newStore = () => {
  const store = createPostgresEventStore(database.db);
  stores.push(store);
  return store;
};

beforeAll(async () => {
  // 8 concurrent writers, a subscriber and the suite's own reads share the pool.
  database = await createTestDatabase({ poolSize: 12 });
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await database?.drop();
});

/** An append inside a transaction the test controls, through the same function the store calls. */
function appendIn(trx: Knex.Transaction, stream: string, type: string) {
  return trx.raw('select * from annals_append_to_stream(?, ?, ?, ?::jsonb)', [
    stream,
    'no_stream',
    null,
    JSON.stringify([newEvent(type)]),
  ]);
}

describe('PostgreSQL event store', () => {
  it('has head position 0 while the log is empty', async () => {
    expect(await newStore().headPosition()).toBe(0n);
  });

  it('holds back a committed event while an older transaction is still running', async () => {
    const store = newStore();
    const head = await store.headPosition();
    const stream = uniqueStream('fast');
    const older = await database.db.transaction();
    try {
      await older.raw('select pg_current_xact_id()');
      await store.appendToStream(stream, [newEvent('Fast')], expected.noStream);
      expect(await store.readStream(stream)).toHaveLength(1);
      expect(await readAllOf(store, [stream], head)).toEqual([]);
      expect(await store.headPosition()).toBe(head);
    } finally {
      await older.rollback();
    }
    await eventually(
      () => readAllOf(store, [stream], head),
      (events) => events.length === 1,
    );
  });

  it('shows a subscriber the events a transaction of this process held back as soon as it commits', async () => {
    // Polls for held-back events only every 10 s: what arrives sooner came from the commit.
    const store = createPostgresEventStore(database.db, { heldBackPollMs: 10_000 });
    stores.push(store);
    const head = await store.headPosition();
    const stream = uniqueStream('held');
    const seen: string[] = [];
    const subscription = store.subscribe({
      after: head,
      onEvent: async (event) => void seen.push(event.stream),
    });
    const ours = await database.db.transaction();
    try {
      await ours.raw('select pg_current_xact_id()');
      await store.appendToStream(stream, [newEvent('Held')], expected.noStream);
      expect(await readAllOf(store, [stream], head)).toEqual([]);
    } finally {
      await ours.commit();
    }
    // The visibility horizon is the whole server's: a transaction of another test file, in another process,
    // can be holding the event back too. Only when our commit alone released it must delivery beat the poll.
    const releasedByOurCommit = (await readAllOf(store, [stream], head)).length === 1;
    await eventually(
      () => seen,
      (streams) => streams.includes(stream),
      { timeoutMs: releasedByOurCommit ? 8_000 : 25_000 },
    );
    await subscription.stop();
  });

  it('never lets a subscriber skip an event that a transaction which started earlier commits later', async () => {
    const store = newStore();
    const head = await store.headPosition();
    const [olderStream, youngerStream] = [uniqueStream('older'), uniqueStream('younger')];
    const delivered: RecordedEvent[] = [];
    const subscription = store.subscribe({
      after: head,
      onEvent: async (event) => void delivered.push(event),
    });
    const older = await database.db.transaction();
    const younger = await database.db.transaction();
    try {
      await older.raw('select pg_current_xact_id()');
      await younger.raw('select pg_current_xact_id()');
      // The younger transaction inserts first (a bigserial would give it the smaller position) and stays open.
      await appendIn(younger, youngerStream, 'Younger');
      await appendIn(older, olderStream, 'Older');
      await older.commit();
      await eventually(
        () => delivered.length,
        (count) => count === 1,
      );
      await younger.commit();
    } finally {
      for (const trx of [older, younger]) if (!trx.isCompleted()) await trx.rollback();
    }
    await eventually(
      () => delivered.length,
      (count) => count === 2,
    );
    expect(delivered.map((event) => event.type)).toEqual(['Older', 'Younger']);
    expect(delivered[1]!.position).toBeGreaterThan(delivered[0]!.position);
    await subscription.stop();
  });

  it('wakes a subscriber of another store (another process) through NOTIFY, not the poll timer', async () => {
    const listening = createPostgresEventStore(database.db, { pollIntervalMs: 60_000 });
    stores.push(listening);
    const writer = newStore();
    const head = await writer.headPosition();
    const stream = uniqueStream('notified');
    const seen: string[] = [];
    const subscription = listening.subscribe({
      after: head,
      onEvent: async (event) => void seen.push(event.stream),
    });
    await eventually(
      () => database.db.raw<{ rows: unknown[] }>(LISTENERS).then((result) => result.rows.length),
      (count) => count > 0,
    );
    await writer.appendToStream(stream, [newEvent('Notified')], expected.noStream);
    await eventually(
      () => seen,
      (streams) => streams.includes(stream),
      { timeoutMs: 10_000 },
    );
    await subscription.stop();
  });

  it('sends no NOTIFY while no other store listens, and wakes one that starts listening later', async () => {
    const writer = createPostgresEventStore(database.db, { pollIntervalMs: 60_000 });
    stores.push(writer);
    const notifies: unknown[] = [];
    const onQuery = (query: { sql: string; bindings?: unknown[] }) => {
      if (query.sql.includes('pg_notify') && !String(query.bindings?.[1]).startsWith('hello:'))
        notifies.push(query.bindings);
    };
    const own: string[] = [];
    const head = await writer.headPosition();
    // Appended around the store, so that nothing is announced; once the subscriber has seen it, the
    // writer listens (subscribers read only then), alone on the channel.
    const warmUp = uniqueStream('alone');
    await database.db.transaction((trx) => appendIn(trx, warmUp, 'Tested'));
    const mine = writer.subscribe({ after: head, onEvent: async (event) => void own.push(event.stream) });
    await eventually(
      () => own,
      (streams) => streams.includes(warmUp),
    );
    database.db.on('query', onQuery);
    try {
      const quiet = uniqueStream('alone');
      await writer.appendToStream(quiet, [newEvent()], expected.noStream);
      await eventually(
        () => own,
        (streams) => streams.includes(quiet),
      );
      expect(notifies).toEqual([]);

      const listening = createPostgresEventStore(database.db, { pollIntervalMs: 60_000 });
      stores.push(listening);
      const seen: string[] = [];
      const theirs = listening.subscribe({
        after: head,
        onEvent: async (event) => void seen.push(event.stream),
      });
      const heard = uniqueStream('heard');
      await eventually(
        () => seen,
        (streams) => streams.includes(quiet),
      );
      await writer.appendToStream(heard, [newEvent()], expected.noStream);
      await eventually(
        () => seen,
        (streams) => streams.includes(heard),
        { timeoutMs: 10_000 },
      );
      await theirs.stop();
    } finally {
      database.db.off('query', onQuery);
      await mine.stop();
    }
  });

  it('refuses to append to a log written by a cluster with later transaction ids (a restored dump)', async () => {
    const restored = await createTestDatabase();
    try {
      await restored.db.raw(
        `insert into events (position, event_id, stream, revision, type, data, metadata)
         values ((pg_snapshot_xmax(pg_current_snapshot())::text::bigint + 1000000) << 20,
                 gen_random_uuid(), 'old-1', 0, 'Old', '{}', '{}')`,
      );
      const store = createPostgresEventStore(restored.db);
      await expect(store.appendToStream(uniqueStream(), [newEvent()], expected.any)).rejects.toThrow(
        /pg_resetwal/,
      );
      await store.close();
    } finally {
      await restored.drop();
    }
  });

  it('ends its LISTEN connection when closed', async () => {
    const store = createPostgresEventStore(database.db);
    const listeners = () =>
      database.db.raw<{ rows: unknown[] }>(LISTENERS).then((result) => result.rows.length);
    const before = await listeners();
    const subscription = store.subscribe({ after: 0n, onEvent: async () => undefined });
    await eventually(listeners, (count) => count === before + 1);
    await store.close();
    await subscription.stop(); // after close: a no-op
    await eventually(listeners, (count) => count === before);
  });
});

defineEventStoreContract('PostgreSQL', newStore);
