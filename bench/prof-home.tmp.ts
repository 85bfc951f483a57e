// TEMPORARY profiling harness (not committed).
import { randomBytes, randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { formatStatus } from '../src/commands/statuses/format.js';
import { loadConfig } from '../src/config.js';
import { eventId, IdGenerator } from '../src/domain/shared/ids.js';
import { expect } from '../src/eventstore/eventStore.js';
import { createPostgresEventStore } from '../src/eventstore/postgres.js';
import { createProjectionEngine } from '../src/projections/engine.js';
import { liveTables } from '../src/projections/projector.js';
import { allProjectors } from '../src/projections/registry.js';
import { statusesProjector } from '../src/projections/statuses/projector.js';
import { homeTimeline } from '../src/projections/statuses/queries.js';
import { presentStatuses } from '../src/api/statuses/gather.js';
import { provisionServer, createBenchDatabase } from './lib/database.js';

const server = await provisionServer();
const database = await createBenchDatabase(server.adminUrl, 16);
const db = database.db;
const config = loadConfig({ PUBLIC_URL: 'http://localhost:4000', LOG_LEVEL: 'silent', MASTER_KEY: randomBytes(32).toString('hex') });
const store = createPostgresEventStore(db);
const engine = createProjectionEngine({ db, eventStore: store, projectors: allProjectors({ config }), logger: pino({ level: 'silent' }) });
await engine.start();
const accounts = Array.from({ length: 1000 }, (_, i) => ({ id: `${1000 + i}`, nickname: `user${i}` }));
const time = new Date().toISOString();
const md = () => ({ actor: null, correlationId: randomUUID(), causationId: null, time, schemaVersion: 1 });
let last = 0n;
for (const a of accounts) {
  const r = await store.appendToStream(`account-${a.id}`, [{ id: eventId(`s-${a.id}`), type: 'AccountRegistered', data: { accountId: a.id, nickname: a.nickname, email: null, emailIndex: null, passwordHash: 'x', confirmed: true, approved: true, locked: false, displayName: 'U', note: 'n', locale: 'en', registeredAt: time }, metadata: md() }], expect.noStream);
  last = r.position;
}
await engine.waitFor(['accounts'], last, 60000);
const ids = new IdGenerator(() => Date.UTC(2024, 0, 1) + Math.floor(Math.random() * 1e10));
const statusIds = Array.from({ length: 100000 }, () => ids.next()).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
const t0 = performance.now();
const vis = ['public','public','public','public','public','public','unlisted','private','direct','public'];
for (let start = 0; start < statusIds.length; start += 5000) {
  await db.transaction(async (trx) => {
    for (let i = start; i < Math.min(start + 5000, statusIds.length); i++) {
      const author = accounts[i % 1000]!;
      const mentioned = author !== accounts[0] && Math.random() < 0.05 ? accounts[0]! : accounts[(i * 7919) % 1000]!;
      const text = `Status ${i} for @${mentioned.nickname}, about #topic${i % 50} — see https://example.org/post/${i}`;
      const f = formatStatus(text, { publicUrl: config.PUBLIC_URL, localDomain: config.LOCAL_DOMAIN, resolve: () => ({ id: mentioned.id, nickname: mentioned.nickname, url: 'u' }) });
      const data = { statusId: statusIds[i]!, objectId: randomUUID(), accountId: author.id, visibility: vis[i % 10], text, contentHtml: f.html, spoilerText: '', sensitive: false, inReplyToId: null, inReplyToAccountId: null, mentions: [{ accountId: mentioned.id, nickname: mentioned.nickname }], tags: f.tags, language: 'en', context: `ctx-${i}`, postedAt: new Date(Number(BigInt(statusIds[i]!) >> 16n)).toISOString(), application: null };
      await statusesProjector.apply(trx, { id: randomUUID(), type: 'StatusPosted', data, metadata: md(), stream: 's', revision: 0, position: 1n } as never, liveTables);
    }
  });
}
console.log('applied 100k in', Math.round(performance.now() - t0), 'ms');
await db.raw('analyze');
const viewer = accounts[0]!.id;
const page = { limit: 20, offset: 0 };
const q = db('statuses as s').select('s.id').whereIn('s.id', db.unionAll([db('statuses').select('id').where('account_id', viewer).orderBy('id','desc').limit(20), db('status_recipients').select('status_id as id').where('account_id', viewer).orderBy('status_id','desc').limit(20)], true)).orderBy('s.id', 'desc').limit(20);
const { sql, bindings } = q.toSQL();
const plan = await db.raw(`explain analyze ${sql}`, bindings as never);
console.log(plan.rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n'));
const time_ = async (name: string, fn: () => Promise<unknown>, n = 300) => {
  for (let i = 0; i < 30; i++) await fn();
  const s = performance.now();
  for (let i = 0; i < n; i++) await fn();
  console.log(name, ((performance.now() - s) / n).toFixed(3), 'ms');
};
const rows = await homeTimeline(db, viewer, page);
await time_('homeTimeline', () => homeTimeline(db, viewer, page));
await time_('presentStatuses', () => presentStatuses({ config, db }, rows, viewer));
await time_('presentStatuses no providers', () => presentStatuses({ config, db }, rows, viewer, { providers: [] }));
const out = await presentStatuses({ config, db }, rows, viewer);
await time_('JSON.stringify', async () => JSON.stringify(out), 1000);
await time_('select 1', () => db.raw('select 1'));
await engine.stop();
await store.close();
console.log('DB', database.url);
await server.stop();
