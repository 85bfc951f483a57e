import type { Knex } from 'knex';
import type { EventStore } from './eventStore.js';
import { createKurrentDbEventStore } from './kurrentdb.js';
import { type StoreLogger, silentLogger } from './pollingSubscription.js';
import { createPostgresEventStore } from './postgres.js';

export type { EventStore } from './eventStore.js';
export type { StoreLogger } from './pollingSubscription.js';

export interface EventStoreConfig {
  /** A KurrentDB / EventStoreDB connection string (`kurrentdb://…`, `esdb://…`); absent means PostgreSQL. */
  eventStoreUrl?: string;
  db: Knex;
  logger?: StoreLogger;
}

/** The PostgreSQL events table is the embedded default; a configured URL moves the log to KurrentDB. */
export function createEventStore({ eventStoreUrl, db, logger = silentLogger }: EventStoreConfig): EventStore {
  return eventStoreUrl
    ? createKurrentDbEventStore(eventStoreUrl, { logger })
    : createPostgresEventStore(db, { logger });
}
