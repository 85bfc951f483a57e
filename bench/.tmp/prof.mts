import { randomBytes, randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { provisionServer, createBenchDatabase } from '/work/main/bench/lib/database.ts';
import { loadConfig } from '/work/main/src/config.ts';
import { createPostgresEventStore } from '/work/main/src/eventstore/postgres.ts';
import { createProjectionEngine } from '/work/main/src/projections/engine.ts';
import { allProjectors } from '/work/main/src/projections/registry.ts';
import { registerAccount } from '/work/main/src/commands/accounts/index.ts';
import { postStatus } from '/work/main/src/commands/statuses/index.ts';
import { addReaction, removeReaction } from '/work/main/src/commands/reactions/index.ts';
import { presentStatus } from '/work/main/src/api/statuses/gather.ts';
import { findVisibleStatus } from '/work/main/src/projections/statuses/queries.ts';
import { IdGenerator } from '/work/main/src/domain/shared/ids.ts';
import { createKeyRing } from '/work/main/src/crypto/keyRing.ts';
import { createEmojiRegistry } from '/work/main/src/emoji/registry.ts';
const server = await provisionServer();
const database = await createBenchDatabase(server.adminUrl, 16);
const config = loadConfig({ PUBLIC_URL: 'http://localhost:4000', LOG_LEVEL: 'silent', MASTER_KEY: randomBytes(32).toString('hex') });
const logger = pino({ level: 'silent' });
const eventStore = createPostgresEventStore(database.db, process.env.HB ? { heldBackPollMs: Number(process.env.HB) } : {});
const delivered = new Map<bigint, number>();
const proxied = { ...eventStore, subscribe: (o: any) => eventStore.subscribe({ ...o, onEvent: async (e: any) => { delivered.set(e.position, performance.now()); return o.onEvent(e); } }) };
const engine = createProjectionEngine({ db: database.db, eventStore: proxied as any, projectors: allProjectors({ config }), logger });
await engine.start();
const ctx = (actor: string | null = null) => ({ commandId: randomUUID(), actor, correlationId: randomUUID(), causationId: null, time: new Date() });
const timings: Record<string, number[]> = {};
const rec = (k: string, v: number) => (timings[k] ??= []).push(v);
const waiter = { waitFor: async (n: readonly string[], p: bigint | null) => { const t = performance.now(); await engine.waitFor(n, p); const e = performance.now(); rec('waitFor', e - t); if (p !== null) { const d = delivered.get(p); if (d !== undefined) { rec('append->delivered', d - t); rec('delivered->projected', e - d); } } } };
const store = { ...eventStore, appendToStream: async (...a: Parameters<typeof eventStore.appendToStream>) => { const t = performance.now(); const r = await eventStore.appendToStream(...a); rec('append', performance.now() - t); return r; },
  readStream: async (...a: Parameters<typeof eventStore.readStream>) => { const t = performance.now(); const r = await eventStore.readStream(...a); rec('readStream', performance.now() - t); return r; } };
const deps: any = { config, db: database.db, eventStore: store, projections: waiter, ids: new IdGenerator(), clock: () => new Date(), logger,
  keys: createKeyRing(database.db, Buffer.from(config.MASTER_KEY!, 'hex')), emoji: await createEmojiRegistry('/tmp/none') };
const a = await registerAccount({ ...deps, projections: engine, eventStore }, { nickname: 'a', email: null, password: 'bench password', byAdmin: true }, ctx());
const s = await postStatus({ ...deps, projections: engine, eventStore }, a.id, { status: 'x', visibility: 'public' }, ctx(a.id));
for (const k of Object.keys(timings)) delete timings[k];
const total: number[] = [];
const conc = Number(process.env.CONC ?? 1);
await Promise.all(Array.from({ length: conc }, async (_, w) => {
  const acc = await registerAccount({ ...deps, projections: engine, eventStore }, { nickname: `w${w}`, email: null, password: 'bench password', byAdmin: true }, ctx());
  for (let i = 0; i < 40; i++) {
    const t = performance.now();
    const st = i % 2 === 0 ? await addReaction(deps, acc.id, s.id, '👍', ctx(acc.id)) : await removeReaction(deps, acc.id, s.id, '👍', ctx(acc.id));
    const t2 = performance.now();
    await presentStatus(deps, st, acc.id);
    rec('present', performance.now() - t2);
    const t3 = performance.now();
    await findVisibleStatus(deps.db, s.id, acc.id);
    rec('findVisibleStatus', performance.now() - t3);
    total.push(performance.now() - t);
  }
}));
const p = (xs: number[], q: number) => { const s = [...xs].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.ceil(q / 100 * s.length) - 1)]!.toFixed(1); };
for (const [k, v] of Object.entries({ ...timings, total })) console.log(k, v.length, 'p50', p(v, 50), 'p90', p(v, 90), 'max', p(v, 100));
await engine.stop(); await eventStore.close(); await database.drop(); await server.stop();
