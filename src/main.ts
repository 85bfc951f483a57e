import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Express } from 'express';
import { type Logger, pino } from 'pino';
import { buildApp } from './api/app.js';
import { answerClientErrorsAsJson } from './api/http/clientErrors.js';
import { createCaptcha } from './captcha/challenge.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { createKeyRing } from './crypto/keyRing.js';
import { loadMasterKey } from './crypto/masterKey.js';
import { connectOrStartEmbedded } from './db/embedded.js';
import { createDb } from './db/knex.js';
import { migrateToLatest } from './db/migrate.js';
import { IdGenerator } from './domain/shared/ids.js';
import { createEmojiRegistry } from './emoji/registry.js';
import { createEventStore } from './eventstore/index.js';
import { createMailer } from './mail/mailer.js';
import { startBackupSweeper } from './processes/backupPurge.js';
import { allProcesses } from './processes/registry.js';
import { createProcessEngine } from './processes/runner.js';
import { startStatusExpirySweeper } from './processes/statusExpiry.js';
import { createProjectionEngine } from './projections/engine.js';
import { allProjectors } from './projections/registry.js';
import { defaultMediaStorage } from './storage/index.js';
import { ANNALS_VERSION } from './version.js';

/** Composition root: config → database → event store → projectors → app → listen, and the way back down. */

/** Each stop step is bounded, so a stuck resource cannot keep a stopping server alive. */
const STOP_STEP_TIMEOUT_MS = 10_000;
/** In-flight requests get this long to finish before their connections are cut. */
const HTTP_DRAIN_MS = 5_000;
/** Signals closer together than this are copies of one (see main). */
const REPEATED_SIGNAL_MS = 1_000;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

type Stopper = { name: string; stop: () => Promise<unknown> };

/** A bad environment is the operator's mistake: print what to fix, no stack trace, exit 1. */
function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

function withTimeout(step: Stopper): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((_, reject) => {
    const message = `${step.name} did not stop within ${STOP_STEP_TIMEOUT_MS} ms`;
    timer = setTimeout(() => reject(new Error(message)), STOP_STEP_TIMEOUT_MS);
  });
  return Promise.race([step.stop(), timeout]).finally(() => clearTimeout(timer));
}

/** Stops in reverse start order; a failing step is logged and the others still run. True when all stopped. */
async function stopAll(stoppers: readonly Stopper[], logger: Logger): Promise<boolean> {
  let clean = true;
  for (const step of [...stoppers].reverse()) {
    try {
      await withTimeout(step);
      logger.debug({ step: step.name }, 'stopped');
    } catch (error) {
      clean = false;
      logger.error({ err: error, step: step.name }, 'failed to stop cleanly');
    }
  }
  return clean;
}

function listen(app: Express, config: Config): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(config.PORT, config.HOST, (error?: Error) =>
      error ? reject(error) : resolve(server),
    );
    answerClientErrorsAsJson(server);
  });
}

/** Stops accepting, lets in-flight requests finish (bounded), closes keep-alive connections. */
function closeServer(server: Server): Promise<void> {
  const drain = setTimeout(() => server.closeAllConnections(), HTTP_DRAIN_MS);
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeIdleConnections();
  }).finally(() => clearTimeout(drain));
}

/** Starts everything, registering how to stop each part as soon as it exists. */
async function start(config: Config, logger: Logger, stoppers: Stopper[]): Promise<void> {
  await mkdir(config.DATA_DIR, { recursive: true });

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const embedded = await connectOrStartEmbedded(config.DATA_DIR, logger);
    stoppers.push({ name: 'embedded PostgreSQL', stop: () => embedded.stop() });
    databaseUrl = embedded.url;
  }
  const db = createDb(databaseUrl, config.DB_POOL_SIZE);
  stoppers.push({ name: 'database pool', stop: () => db.destroy() });
  await migrateToLatest(db);

  const eventStore = createEventStore({ eventStoreUrl: config.EVENTSTORE_URL, db, logger });
  stoppers.push({ name: 'event store', stop: () => eventStore.close() });
  const masterKey = await loadMasterKey(config);
  const keys = createKeyRing(db, masterKey);

  const engine = createProjectionEngine({
    db,
    eventStore,
    projectors: allProjectors({ config }),
    logger,
    waitTimeoutMs: config.PROJECTION_WAIT_MS,
  });
  stoppers.push({ name: 'projections', stop: () => engine.stop() });
  await engine.start();
  // A read model whose version changed is rebuilt before anything reads it (the rebuild logs its progress).
  await engine.upgraded();

  const ids = new IdGenerator();
  const clock = () => new Date();
  const mailer = createMailer(config, logger);
  const storage = defaultMediaStorage(config);
  const processDeps = {
    db,
    eventStore,
    projections: engine,
    ids,
    keys,
    clock,
    logger,
    config,
    mailer,
    storage,
  };
  const processes = createProcessEngine({
    db,
    eventStore,
    logger,
    processes: allProcesses(processDeps),
    waitTimeoutMs: config.PROJECTION_WAIT_MS,
  });
  stoppers.push({ name: 'processes', stop: () => processes.stop() });
  await processes.start();
  const sweeper = startBackupSweeper(processDeps);
  stoppers.push({ name: 'backup sweeper', stop: () => sweeper.stop() });
  const expirySweeper = startStatusExpirySweeper(processDeps);
  stoppers.push({ name: 'status expiry sweeper', stop: () => expirySweeper.stop() });
  const captcha = createCaptcha(masterKey);
  const emoji = await createEmojiRegistry(join(config.DATA_DIR, 'static', 'emoji'), logger);
  const app = buildApp({
    config,
    db,
    eventStore,
    projections: engine,
    ids,
    clock,
    logger,
    keys,
    emoji,
    mailer,
    captcha,
    storage,
  });
  const server = await listen(app, config);
  stoppers.push({ name: 'HTTP server', stop: () => closeServer(server) });

  const { port } = server.address() as AddressInfo;
  const host = ['0.0.0.0', '::'].includes(config.HOST) ? 'localhost' : config.HOST;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info({ url, version: ANNALS_VERSION, eventStore: eventStore.kind }, `listening on ${url}`);
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = pino({ level: config.LOG_LEVEL });
  const stoppers: Stopper[] = [];
  let stopping = false;
  let firstSignalAt = 0;

  const shutdown = async (reason: string, code: number) => {
    stopping = true;
    logger.info({ reason }, 'shutting down');
    const clean = await stopAll(stoppers, logger);
    logger.info('stopped');
    process.exit(clean ? code : 1);
  };

  // Ctrl-C reaches every process of the group, and npm and tsx relay the signal again: copies arriving
  // together are one request to stop. A signal sent later, while still stopping, means "stop now".
  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (!stopping) {
        firstSignalAt = Date.now();
        void shutdown(signal, 0);
      } else if (Date.now() - firstSignalAt > REPEATED_SIGNAL_MS) {
        logger.warn({ signal }, 'second signal: exiting now');
        process.exit(1);
      }
    });
  }

  try {
    await start(config, logger, stoppers);
  } catch (error) {
    logger.fatal({ err: error }, 'could not start');
    if (!stopping) await shutdown('start-up failed', 1);
  }
}

await main();
