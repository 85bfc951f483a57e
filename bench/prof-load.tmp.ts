// TEMPORARY (not committed): load the home timeline against a kept profiling DB.
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { buildApp } from '../src/api/app.js';
import { createCaptcha } from '../src/captcha/challenge.js';
import { issueToken, registerApp } from '../src/commands/oauth/index.js';
import { loadConfig } from '../src/config.js';
import { createKeyRing } from '../src/crypto/keyRing.js';
import { createDb } from '../src/db/knex.js';
import { IdGenerator } from '../src/domain/shared/ids.js';
import { createEmojiRegistry } from '../src/emoji/registry.js';
import { createPostgresEventStore } from '../src/eventstore/postgres.js';
import { createMailer } from '../src/mail/mailer.js';
import { createProjectionEngine } from '../src/projections/engine.js';
import { allProjectors } from '../src/projections/registry.js';
import { percentile, runLoad } from './lib/stats.js';

const db = createDb(process.env.PROF_DB!, 16);
const key = randomBytes(32);
const config = loadConfig({ PUBLIC_URL: 'http://localhost:4000', LOG_LEVEL: 'silent', MASTER_KEY: key.toString('hex') });
const logger = pino({ level: 'silent' });
const eventStore = createPostgresEventStore(db);
const engine = createProjectionEngine({ db, eventStore, projectors: allProjectors({ config }), logger });
await engine.start();
const deps = { config, db, eventStore, projections: engine, ids: new IdGenerator(), clock: () => new Date(), logger,
  keys: createKeyRing(db, key), mailer: createMailer(config, logger), captcha: createCaptcha(key), emoji: await createEmojiRegistry('/nonexistent') };
const ctx = () => ({ commandId: randomUUID(), actor: null, correlationId: randomUUID(), causationId: null, time: new Date() });
const app = await registerApp(deps, { name: 'p', website: null, redirectUris: ['urn:ietf:wg:oauth:2.0:oob'], scopes: ['read'] }, ctx());
const token = await issueToken(deps, { accountId: '1000', appId: app.appId, scopes: ['read'], context: ctx() });
const server = buildApp(deps).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/timelines/home`;
const headers = { Authorization: `Bearer ${token.accessToken}` };
import express from 'express';
const sample = await (await fetch(url, { headers })).json();
const bare = express(); bare.get('/t', (_q, r) => { r.json(sample); });
const bs = bare.listen(0, '127.0.0.1'); await new Promise((r) => bs.once('listening', r));
const bareUrl = `http://127.0.0.1:${(bs.address() as AddressInfo).port}/t`;
const { homeTimeline } = await import('../src/projections/statuses/queries.js');
const { presentStatuses } = await import('../src/api/statuses/gather.js');
bare.get('/mine', async (_q, r) => { const rows = await homeTimeline(db, '1000', { limit: 20, offset: 0 }); r.json(await presentStatuses({ config, db }, rows, '1000')); });
bare.get('/mine-noextras', async (_q, r) => { const rows = await homeTimeline(db, '1000', { limit: 20, offset: 0 }); r.json(await presentStatuses({ config, db }, rows, '1000', { providers: [] })); });
bare.get('/q1', async (_q, r) => { await db.raw('select 1'); r.json(sample); });
bare.get('/q3', async (_q, r) => { await db.raw('select 1'); await db.raw('select 1'); await db.raw('select 1'); r.json(sample); });
const mineUrl = bareUrl.replace('/t', '/mine');
for (let round = 0; round < 3; round++) {
  for (const [name, u] of [['bare', bareUrl], ['q1', bareUrl.replace('/t','/q1')], ['q3', bareUrl.replace('/t','/q3')], ['mine', mineUrl], ['mine-noextras', bareUrl.replace('/t','/mine-noextras')], ['home', url]]) {
    const r = await runLoad({ concurrency: 4, durationMs: 2000 }, async () => { const res = await fetch(u!, { headers }); await res.arrayBuffer(); });
    console.log(name, 'req/s', Math.round(r.operations / (r.elapsedMs / 1000)), 'p50', percentile(r.latenciesMs, 50).toFixed(1), 'p99', percentile(r.latenciesMs, 99).toFixed(1));
  }
}
bs.close();
server.close();
await engine.stop();
await db.destroy();
