import { afterAll, beforeAll } from 'vitest';
import type { EventStore, RecordedEvent } from '../../src/eventstore/eventStore.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import { liveTables, type Projector } from '../../src/projections/projector.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { appendHistory, applyEvents, type HistoryEvent, recordedUpTo } from './projectors.js';

export interface LoadedHistory {
  database: TestDatabase;
  recorded: RecordedEvent[];
}

export interface HistoryOptions {
  /** The time of the event at index i. */
  time: (i: number) => string;
  /** The projectors whose live tables are created. */
  tables: readonly Projector[];
  /** When given, this projector has applied the history into the live tables before the tests start. */
  applied?: Projector;
}

/**
 * For the tests of one file (or describe): a fresh database whose log holds `history` (see appendHistory),
 * handed to `ready` with the recorded events before the tests start; after them, closes the store and drops
 * the database.
 */
export function historyOnce(
  idPrefix: string,
  history: readonly (readonly [string, HistoryEvent, ...unknown[]])[],
  options: HistoryOptions,
  ready: (history: LoadedHistory) => void,
): void {
  let database: TestDatabase;
  let store: EventStore;
  beforeAll(async () => {
    database = await createTestDatabase();
    store = createPostgresEventStore(database.db);
    const last = await appendHistory(store, idPrefix, history, { time: options.time });
    const recorded = await recordedUpTo(store, last);
    for (const projector of options.tables) await projector.createTables(database.db, liveTables);
    if (options.applied) await applyEvents(database.db, [options.applied], recorded);
    ready({ database, recorded });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });
}
