import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { writeFile } from 'node:fs/promises';
import { pino } from 'pino';
import { buildApp } from '../src/api/app.js';
import type { AppDeps } from '../src/api/deps.js';
import { createCaptcha } from '../src/captcha/challenge.js';
import { issueToken, registerApp } from '../src/commands/oauth/index.js';
import { loadConfig } from '../src/config.js';
import { createKeyRing } from '../src/crypto/keyRing.js';
import { IdGenerator } from '../src/domain/shared/ids.js';
import { createEmojiRegistry } from '../src/emoji/registry.js';
import { createPostgresEventStore } from '../src/eventstore/postgres.js';
import { createMailer } from '../src/mail/mailer.js';
import { createProjectionEngine } from '../src/projections/engine.js';
import { allProjectors } from '../src/projections/registry.js';
import { createBenchDatabase, provisionServer } from './lib/database.js';
import { runLoad } from './lib/stats.js';
import { lastStored, seedNotifications } from './scenarios/notificationsSeed.js';

const logger = pino({ level: 'silent' });
const server = await provisionServer();
const database = await createBenchDatabase(server.adminUrl, 16);
const config = loadConfig({ PUBLIC_URL: 'http://localhost:4000', LOG_LEVEL: 'silent', MASTER_KEY: randomBytes(32).toString('hex') });
const eventStore = createPostgresEventStore(database.db);
const engine = createProjectionEngine({ db: database.db, eventStore, projectors: allProjectors({ config }), logger, waitTimeoutMs: 600_000, batchSize: 2_000 });
await engine.start();
const home = await seedNotifications(eventStore, config.PUBLIC_URL, () => undefined);
await engine.waitFor(engine.projectors.map((p) => p.name), await lastStored(database.db), 600_000);
await database.db.raw('analyze');
const deps: AppDeps = {
  config, db: database.db, eventStore, projections: engine, ids: new IdGenerator(), clock: () => new Date(), logger,
  keys: createKeyRing(database.db, Buffer.from(config.MASTER_KEY!, 'hex')),
  mailer: createMailer(config, logger), captcha: createCaptcha(Buffer.from(config.MASTER_KEY!, 'hex')),
  emoji: await createEmojiRegistry(join(tmpdir(), 'annals-bench-no-emoji')),
};
const ctx = { commandId: randomUUID(), actor: home.id, correlationId: randomUUID(), causationId: null, time: new Date() };
const app = await registerApp(deps, { name: 'b', website: null, redirectUris: ['urn:ietf:wg:oauth:2.0:oob'], scopes: ['read'] }, ctx);
const token = await issueToken(deps, { accountId: home.id, appId: app.appId, scopes: ['read'], context: { ...ctx, commandId: randomUUID() } });
const headers = { Authorization: `Bearer ${token.accessToken}` };
const http = buildApp(deps).listen(0, '127.0.0.1');
await new Promise((r) => http.once('listening', r));
const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}${process.argv[2] ?? '/api/v1/notifications'}`;
const go = () => runLoad({ concurrency: 4, durationMs: 5000 }, async () => { const r = await fetch(url, { headers }); await r.arrayBuffer(); });
const seen: string[] = [];
database.db.on('query', (q: { sql: string }) => seen.push(q.sql));
await fetch(url, { headers });
console.log(seen.length, 'queries');
for (const q of seen) console.log('  ', q.slice(0, 160).replace(/\s+/g, ' '));
database.db.removeAllListeners('query');
await go();
const session = new Session(); session.connect();
await session.post('Profiler.enable'); await session.post('Profiler.start');
const result = await go();
const { profile } = await session.post('Profiler.stop');
await writeFile('/tmp/notif.cpuprofile', JSON.stringify(profile));
console.log('req/s', result.operations / (result.elapsedMs / 1000));
http.close(); await engine.stop(); await eventStore.close(); await database.drop(); await server.stop();
