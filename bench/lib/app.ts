import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { pino } from 'pino';
import type { AppDeps } from '../../src/api/deps.js';
import { createCaptcha } from '../../src/captcha/challenge.js';
import { loadConfig } from '../../src/config.js';
import { createKeyRing } from '../../src/crypto/keyRing.js';
import { IdGenerator } from '../../src/domain/shared/ids.js';
import { createEmojiRegistry } from '../../src/emoji/registry.js';
import type { EventStore } from '../../src/eventstore/eventStore.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import { createMailer } from '../../src/mail/mailer.js';
import { createProjectionEngine, type ProjectionEngine } from '../../src/projections/engine.js';
import { allProjectors } from '../../src/projections/registry.js';
import { type BenchDatabase, createBenchDatabase } from './database.js';
import type { ScenarioContext } from './scenario.js';

/** Silent unless BENCH_LOG asks otherwise: the app's own logging would cost time inside the measurement. */
export const benchLogger = (level = process.env.BENCH_LOG ?? 'silent') => pino({ level });

export interface BenchAppOptions {
  poolSize?: number;
  logger?: Logger;
  /** Left to the engine's defaults when absent, as each scenario had them. */
  waitTimeoutMs?: number;
  batchSize?: number;
}

/** A fresh database, the event store and every projector running on it: what each scenario starts from. */
export interface BenchApp {
  database: BenchDatabase;
  config: AppDeps['config'];
  eventStore: EventStore;
  engine: ProjectionEngine;
  logger: Logger;
  /** The API's dependencies, as the server wires them (no emoji packs, mail to nowhere). */
  deps(): Promise<AppDeps>;
  /** Stops the engine, closes the store and drops the database; call in `finally`. */
  stop(): Promise<void>;
}

/** Every read model, as the server runs them: extras providers of other areas read their own tables. */
export async function startBenchApp(
  context: ScenarioContext,
  options: BenchAppOptions = {},
): Promise<BenchApp> {
  const database = await createBenchDatabase(context.server.adminUrl, options.poolSize ?? 16);
  const logger = options.logger ?? pino({ level: 'silent' });
  const config = loadConfig({
    PUBLIC_URL: 'http://localhost:4000',
    LOG_LEVEL: 'silent',
    MASTER_KEY: randomBytes(32).toString('hex'),
  });
  const eventStore = createPostgresEventStore(database.db);
  const engine = createProjectionEngine({
    db: database.db,
    eventStore,
    projectors: allProjectors({ config }),
    logger,
    waitTimeoutMs: options.waitTimeoutMs,
    batchSize: options.batchSize,
  });
  const masterKey = Buffer.from(config.MASTER_KEY!, 'hex');
  return {
    database,
    config,
    eventStore,
    engine,
    logger,
    deps: async () => ({
      config,
      db: database.db,
      eventStore,
      projections: engine,
      ids: new IdGenerator(),
      clock: () => new Date(),
      logger,
      keys: createKeyRing(database.db, masterKey),
      mailer: createMailer(config, logger),
      captcha: createCaptcha(masterKey),
      emoji: await createEmojiRegistry(join(tmpdir(), 'annals-bench-no-emoji')),
    }),
    stop: async () => {
      await engine.stop();
      await eventStore.close();
      await database.drop();
    },
  };
}

/**
 * The position of the last event stored. Not the store's headPosition(): that is the last event below the
 * visibility horizon, which any open transaction (a projector's own batch) holds back, so waiting for it can
 * end before the last seeded events are projected.
 */
export async function lastStoredPosition(app: Pick<BenchApp, 'database'>): Promise<bigint> {
  const { rows } = await app.database.db.raw<{ rows: { position: string | null }[] }>(
    'select max(position)::text as position from events',
  );
  return BigInt(rows[0]?.position ?? 0);
}

/** Waits until every projector has applied every stored event, so no catch-up runs into a measurement. */
export async function projectAll(app: BenchApp, upTo?: bigint): Promise<void> {
  const names = app.engine.projectors.map((p) => p.name);
  await app.engine.waitFor(names, upTo ?? (await lastStoredPosition(app)), 600_000);
}
