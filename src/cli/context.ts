import { mkdir } from 'node:fs/promises';
import type { Knex } from 'knex';
import { type Logger, pino } from 'pino';
import { type Config, loadConfig } from '../config.js';
import { connectOrStartEmbedded } from '../db/embedded.js';
import { createDb } from '../db/knex.js';
import { migrateToLatest } from '../db/migrate.js';
import type { EventStore } from '../eventstore/eventStore.js';
import { createEventStore } from '../eventstore/index.js';
import { createProjectionEngine, type ProjectionEngine } from '../projections/engine.js';
import { allProjectors } from '../projections/registry.js';

/** What a CLI command works with: the same database, event store and projectors the server opens. */
export interface CliContext {
  config: Config;
  /** On stderr: stdout carries the command's output. */
  logger: Logger;
  db: Knex;
  eventStore: EventStore;
  /** Not started: commands rebuild or report; the running server (if any) keeps projecting. */
  projections: ProjectionEngine;
  close(): Promise<void>;
}

export type OpenContext = () => Promise<CliContext>;

/**
 * Opens everything from the environment (loadConfig), like the server: DATABASE_URL, or the embedded
 * PostgreSQL in DATA_DIR (reusing the server's when it is running), migrations, the event store.
 */
export async function openContext(env: NodeJS.ProcessEnv = process.env): Promise<CliContext> {
  const config = loadConfig(env);
  // Info lines would interleave with progress bars and tables; LOG_LEVEL, when set, still wins.
  const logger = pino({ level: env.LOG_LEVEL ? config.LOG_LEVEL : 'warn' }, pino.destination(2));
  if (!config.DATABASE_URL) await mkdir(config.DATA_DIR, { recursive: true });
  const embedded = config.DATABASE_URL ? undefined : await connectOrStartEmbedded(config.DATA_DIR, logger);
  const db = createDb(config.DATABASE_URL ?? embedded!.url, config.DB_POOL_SIZE);
  const closers: (() => Promise<void>)[] = [() => db.destroy(), async () => embedded?.stop()];
  const close = async () => {
    for (const closer of closers.splice(0)) await closer().catch(() => undefined);
  };
  try {
    await migrateToLatest(db);
    const eventStore = createEventStore({ eventStoreUrl: config.EVENTSTORE_URL, db, logger });
    closers.unshift(() => eventStore.close());
    const projections = createProjectionEngine({
      db,
      eventStore,
      projectors: allProjectors({ config }),
      logger,
      waitTimeoutMs: config.PROJECTION_WAIT_MS,
    });
    return { config, logger, db, eventStore, projections, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Runs a command's body and closes the context whatever happens, so the process can exit on its own. */
export async function withContext<T>(
  open: OpenContext,
  run: (context: CliContext) => Promise<T>,
): Promise<T> {
  const context = await open();
  try {
    return await run(context);
  } finally {
    await context.close();
  }
}
