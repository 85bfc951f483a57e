import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import type { AppDeps } from '../../src/api/deps.js';
import { createCaptcha } from '../../src/captcha/challenge.js';
import { loadConfig } from '../../src/config.js';
import { createKeyRing } from '../../src/crypto/keyRing.js';
import { IdGenerator } from '../../src/domain/shared/ids.js';
import { createEmojiRegistry } from '../../src/emoji/registry.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import type { Process } from '../../src/processes/process.js';
import { allProcesses } from '../../src/processes/registry.js';
import { createProcessEngine, type ProcessEngine } from '../../src/processes/runner.js';
import { createProjectionEngine, type ProjectionEngine } from '../../src/projections/engine.js';
import { allProjectors } from '../../src/projections/registry.js';
import { defaultMediaStorage } from '../../src/storage/index.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { createMemoryMailer, type MemoryMailer } from './mail.js';

/** The test emoji packs (test/fixtures/emoji): pack.json, emoji.txt and plain-folder packs of 1×1 PNGs. */
export const FIXTURE_EMOJI = fileURLToPath(new URL('../fixtures/emoji', import.meta.url));

/** A copy of the fixture packs in the app's DATA_DIR/static/emoji, so pack management may change them freely. */
async function fixtureEmoji(dataDir: string) {
  const directory = join(dataDir, 'static', 'emoji');
  await cp(FIXTURE_EMOJI, directory, { recursive: true });
  return createEmojiRegistry(directory);
}

export interface TestApp {
  app: Express;
  deps: AppDeps;
  engine: ProjectionEngine;
  /** The processes (src/processes): wait on their checkpoints with `processes.waitFor`. */
  processes: ProcessEngine;
  /** Every message the app sent (unless `deps.mailer` was replaced). */
  mail: MemoryMailer;
  database: TestDatabase;
  /** Stops the projections, closes the event store and drops the database. */
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Environment overrides, as strings like the real environment (e.g. `{ REGISTRATIONS_OPEN: 'false' }`). */
  env?: Record<string, string>;
  /** Replace parts of the deps (a fixed clock, …) before the app is built. */
  deps?: Partial<AppDeps>;
  /** The processes to run instead of every one (e.g. `() => []` to run them by hand, crash tests). */
  processes?: (deps: AppDeps) => Process[];
}

/**
 * A test file's set-up: before its tests, `make` an app (createTestApp, say) and `cast` on it what the file's
 * tests share (users, tokens, helpers), handed to `receive`; after them, the app closes.
 */
export function useApp<A extends { close(): Promise<void> }, T>(
  make: () => Promise<A>,
  cast: (app: A) => T | Promise<T>,
  receive: (made: T) => void,
): void {
  let app: A | undefined;
  beforeAll(async () => {
    app = await make();
    receive(await cast(app));
  });
  afterAll(() => app?.close());
}

/**
 * The real app against a fresh PostgreSQL database of its own: postgres event store, every projector running,
 * a key ring with a random master key, a silent logger. One per test file (beforeAll / afterAll).
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  // Uploads and other files go to a folder of this app's own, removed on close.
  const dataDir = await mkdtemp(join(tmpdir(), 'annals-test-'));
  const config = loadConfig({
    PUBLIC_URL: 'http://localhost:4000',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    CAPTCHA_ENABLED: 'false',
    MASTER_KEY: randomBytes(32).toString('hex'),
    // Test files share one PostgreSQL server, and a long transaction in any database (creating another
    // file's database, say) holds back event visibility cluster-wide; allow for it on a loaded 2-core box.
    PROJECTION_WAIT_MS: '30000',
    ...options.env,
  });
  const logger = pino({ level: 'silent' });
  const eventStore = createPostgresEventStore(database.db);
  const engine = createProjectionEngine({
    db: database.db,
    eventStore,
    projectors: allProjectors({ config }),
    logger,
    waitTimeoutMs: config.PROJECTION_WAIT_MS,
  });
  await engine.start();
  const mail = createMemoryMailer();
  const deps: AppDeps = {
    config,
    db: database.db,
    eventStore,
    projections: engine,
    ids: new IdGenerator(),
    clock: () => new Date(),
    logger,
    keys: createKeyRing(database.db, Buffer.from(config.MASTER_KEY!, 'hex')),
    emoji: await fixtureEmoji(dataDir),
    mailer: mail,
    captcha: createCaptcha(Buffer.from(config.MASTER_KEY!, 'hex')),
    storage: defaultMediaStorage(config),
    ...options.deps,
  };
  const processes = createProcessEngine({
    db: database.db,
    eventStore,
    logger,
    processes: (options.processes ?? allProcesses)(deps),
    waitTimeoutMs: config.PROJECTION_WAIT_MS,
  });
  await processes.start();
  return {
    app: buildApp(deps),
    deps,
    engine,
    processes,
    mail,
    database,
    async close() {
      await processes.stop();
      await engine.stop();
      await eventStore.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
