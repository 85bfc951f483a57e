import { randomBytes, randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { provisionServer, createBenchDatabase } from '/work/main/bench/lib/database.ts';
import { loadConfig } from '/work/main/src/config.ts';
import { createPostgresEventStore } from '/work/main/src/eventstore/postgres.ts';
import { createProjectionEngine } from '/work/main/src/projections/engine.ts';
import { allProjectors } from '/work/main/src/projections/registry.ts';
import { registerApp } from '/work/main/src/commands/oauth/index.ts';
import { IdGenerator } from '/work/main/src/domain/shared/ids.ts';
const server = await provisionServer();
const database = await createBenchDatabase(server.adminUrl, 16);
const config = loadConfig({ PUBLIC_URL: 'http://localhost:4000', LOG_LEVEL: 'silent', MASTER_KEY: randomBytes(32).toString('hex') });
const logger = pino({ level: 'debug' });
const eventStore = createPostgresEventStore(database.db);
const engine = createProjectionEngine({ db: database.db, eventStore, projectors: allProjectors({ config }), logger });
await engine.start();
const { createMailer } = await import('/work/main/src/mail/mailer.ts');
const { createCaptcha } = await import('/work/main/src/captcha/challenge.ts');
const { createEmojiRegistry } = await import('/work/main/src/emoji/registry.ts');
const { createKeyRing } = await import('/work/main/src/crypto/keyRing.ts');
const deps: any = { config, db: database.db, eventStore, projections: engine, ids: new IdGenerator(), clock: () => new Date(), logger,
  keys: createKeyRing(database.db, Buffer.from(config.MASTER_KEY!, 'hex')), mailer: createMailer(config, logger), captcha: createCaptcha(Buffer.from(config.MASTER_KEY!, 'hex')), emoji: await createEmojiRegistry('/tmp/none') };
const ctx = { commandId: randomUUID(), actor: null, correlationId: randomUUID(), causationId: null, time: new Date() };
try {
  await registerApp(deps, { name: 'bench', website: null, redirectUris: ['urn:ietf:wg:oauth:2.0:oob'], scopes: ['read'] }, ctx);
  console.log('ok');
} catch (e) { console.log('ERR', String(e)); console.log(await engine.status()); console.log(await eventStore.headPosition()); }
await engine.stop(); await eventStore.close(); await database.drop(); await server.stop();
