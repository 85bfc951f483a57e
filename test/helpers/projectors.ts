import type { Knex } from 'knex';
import { afterEach, beforeEach, expect } from 'vitest';
import { eventId } from '../../src/domain/shared/ids.js';
import { type EventStore, expect as expected, type RecordedEvent } from '../../src/eventstore/eventStore.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import { applyEvents as applyBatch } from '../../src/projections/batch.js';
import { liveTables, type ProjectionTables, type Projector } from '../../src/projections/projector.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { testMetadata } from './events.js';

/** An event as the tests write it: a type and its data, without id or metadata. */
export interface HistoryEvent {
  type: string;
  data: object;
}

/**
 * Appends `[stream, event]` pairs in order, each after the one before on its stream; the event at index i gets
 * id `eventId(idPrefix, i)` and metadata at `time(i)`. Answers the last position.
 */
export async function appendHistory(
  store: EventStore,
  idPrefix: string,
  history: readonly (readonly [string, HistoryEvent, ...unknown[]])[],
  options: { time: (i: number) => string; actor?: string | null },
): Promise<bigint> {
  const revisions = new Map<string, number>();
  let last = 0n;
  for (const [i, [stream, event]] of history.entries()) {
    const revision = revisions.get(stream);
    const metadata = testMetadata(options.time(i), options.actor ?? null);
    ({ position: last } = await store.appendToStream(
      stream,
      [{ id: eventId(idPrefix, i), type: event.type, data: { ...event.data }, metadata }],
      revision === undefined ? expected.noStream : expected.revision(revision),
    ));
    revisions.set(stream, (revision ?? -1) + 1);
  }
  return last;
}

/**
 * Resolves once readers see the log up to `position`: a transaction running elsewhere on the server (another
 * test file's) can hold the newest events back for a while, and the subscription says when they show.
 */
export function untilVisible(store: EventStore, position: bigint): Promise<void> {
  return new Promise((resolve, reject) => {
    const subscription = store.subscribe({
      after: 0n,
      onEvent: async (event) => {
        if (event.position < position) return;
        resolve();
        await subscription.stop();
      },
      onError: reject,
    });
  });
}

/** Every event of the log up to `position`, once readers see it (see untilVisible). */
export function recordedUpTo(store: EventStore, position: bigint): Promise<RecordedEvent[]> {
  return new Promise<RecordedEvent[]>((resolve, reject) => {
    const seen: RecordedEvent[] = [];
    const subscription = store.subscribe({
      after: 0n,
      onEvent: async (event) => {
        seen.push(event);
        if (event.position >= position) void subscription.stop().then(() => resolve(seen));
      },
      onError: reject,
    });
  });
}

/** Applies `events` to each projector that handles them, in one transaction, into `tables` (live by default). */
export function applyEvents(
  db: Knex,
  projectors: readonly Projector[],
  events: readonly RecordedEvent[],
  tables: ProjectionTables = liveTables,
): Promise<void> {
  return db.transaction(async (trx) => {
    for (const event of events) {
      for (const projector of projectors) {
        if (projector.handles.includes(event.type)) await projector.apply(trx, event, tables);
      }
    }
  });
}

type OrderBy = number | number[] | 'raw1';

/** Every row of `table`, ordered by column positions (`'raw1'`: `order by 1` given as raw SQL). */
export function tableRows(db: Knex, table: string, orderBy: OrderBy) {
  if (orderBy === 'raw1') return db(table).orderBy(db.raw('1')).select();
  if (typeof orderBy === 'number') return db(table).orderBy(orderBy).select();
  return db(table).orderBy(orderBy).select();
}

/** The rows of each table, in the order given. */
export function snapshotTables(db: Knex, tables: readonly string[], orderBy: OrderBy) {
  return Promise.all(tables.map((table) => tableRows(db, table, orderBy)));
}

/** The rows of each table, by table name. */
export async function snapshotByTable<const Tables extends readonly string[]>(
  db: Knex,
  tables: Tables,
  orderBy: OrderBy,
): Promise<{ [T in Tables[number]]: Awaited<ReturnType<typeof tableRows>> }> {
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await tableRows(db, t, orderBy)])));
}

/**
 * Replays the history `times` times (`apply`) and expects the same rows (`snapshot`) after each; answers the
 * rows as they were before.
 */
export async function expectSameRowsOnReplay<Rows>(
  snapshot: () => Promise<Rows>,
  apply: () => Promise<unknown>,
  times = 2,
): Promise<Rows> {
  const first = await snapshot();
  for (let i = 0; i < times; i++) {
    await apply();
    expect(await snapshot()).toEqual(first);
  }
  return first;
}

/**
 * A fresh database and PostgreSQL store for each test, handed to `ready`; after the test, runs `cleanups`
 * (newest first), then closes the store and drops the database.
 */
export function freshStoreEachTest(
  cleanups: (() => Promise<unknown>)[],
  ready: (database: TestDatabase, store: EventStore) => void,
): void {
  let database: TestDatabase;
  let store: EventStore;
  beforeEach(async () => {
    database = await createTestDatabase();
    store = createPostgresEventStore(database.db);
    ready(database, store);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await store.close();
    await database.drop();
  });
}

/**
 * Applies `events` to fresh tables twice, one by one (`apply`) and in batches of `batchSize` (the runner's
 * applyEvents, through the projector's applyBatch), and expects the same rows in both, also after the batches
 * are replayed; answers them.
 */
export async function expectBatchesLikeOneByOne(
  db: Knex,
  projector: Projector,
  events: readonly RecordedEvent[],
  options: { orderBy: OrderBy; batchSize: number; prefix: string },
) {
  const handled = events.filter((event) => projector.handles.includes(event.type));
  const oneByOne: ProjectionTables = { table: (name) => `${options.prefix}_one_${name}` };
  const batched: ProjectionTables = { table: (name) => `${options.prefix}_batch_${name}` };
  for (const tables of [oneByOne, batched]) await projector.createTables(db, tables);
  await db.transaction(async (trx) => {
    for (const event of handled) await projector.apply(trx, event, oneByOne);
  });
  const applyBatches = async () => {
    for (let start = 0; start < handled.length; start += options.batchSize) {
      const batch = handled.slice(start, start + options.batchSize);
      await db.transaction((trx) => applyBatch(trx, projector, batch, batched));
    }
  };
  const rowsOf = (tables: ProjectionTables) =>
    snapshotTables(db, projector.tables.map(tables.table), options.orderBy);
  await applyBatches();
  const rows = await rowsOf(oneByOne);
  expect(await rowsOf(batched)).toEqual(rows);
  // Replayed, the batches change nothing either.
  await applyBatches();
  expect(await rowsOf(batched)).toEqual(rows);
  return rows;
}
