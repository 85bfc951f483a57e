import type { Knex } from 'knex';
import { afterAll, beforeAll } from 'vitest';
import type { EventStore, RecordedEvent } from '../../src/eventstore/eventStore.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import { liveTables, type Projector } from '../../src/projections/projector.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { appendHistory, applyEvents, type HistoryEvent, recordedUpTo } from './projectors.js';

/** A projector's history, loaded for the tests of one file (the fields are set before the tests start). */
export interface LoadedHistory {
  /** The file's own database, whose log holds the history. */
  db: Knex;
  /** The history as the log recorded it. */
  recorded: RecordedEvent[];
  /** Applies the whole history with the projector into its live tables. */
  applyAll(): Promise<void>;
}

export interface HistorySetup {
  /** The time of the event at index i. */
  time: (i: number) => string;
  projector: Projector;
  /** Other projectors whose live tables the projector's queries read. */
  alsoTables?: readonly Projector[];
}

/**
 * Loads `history` (see appendHistory) for the tests of one file: answers a function that, called in a
 * describe, creates a fresh database with the history in its log and the projectors' live tables before the
 * tests (`applied`: with the history applied too), and drops it after them.
 */
export function projectorHistory(
  idPrefix: string,
  history: readonly (readonly [string, HistoryEvent, ...unknown[]])[],
  setup: HistorySetup,
) {
  return (options: { applied?: boolean } = {}): LoadedHistory => {
    const loaded: LoadedHistory = {
      db: undefined as unknown as Knex,
      recorded: [],
      applyAll: () => applyEvents(loaded.db, [setup.projector], loaded.recorded),
    };
    let database: TestDatabase;
    let store: EventStore;
    beforeAll(async () => {
      database = await createTestDatabase();
      store = createPostgresEventStore(database.db);
      const last = await appendHistory(store, idPrefix, history, { time: setup.time });
      loaded.db = database.db;
      loaded.recorded = await recordedUpTo(store, last);
      for (const projector of [setup.projector, ...(setup.alsoTables ?? [])]) {
        await projector.createTables(database.db, liveTables);
      }
      if (options.applied) await loaded.applyAll();
    });
    afterAll(async () => {
      await store.close();
      await database.drop();
    });
    return loaded;
  };
}
