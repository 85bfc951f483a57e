import { randomBytes, randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { provisionServer, createBenchDatabase } from '/work/main/bench/lib/database.ts';
import { loadConfig } from '/work/main/src/config.ts';
import { createPostgresEventStore } from '/work/main/src/eventstore/postgres.ts';
import { createProjectionEngine } from '/work/main/src/projections/engine.ts';
import { allProjectors } from '/work/main/src/projections/registry.ts';
import { expect } from '/work/main/src/eventstore/eventStore.ts';
const server = await provisionServer();
const database = await createBenchDatabase(server.adminUrl, 16);
const config = loadConfig({ PUBLIC_URL: 'http://localhost:4000', LOG_LEVEL: 'silent', MASTER_KEY: randomBytes(32).toString('hex') });
const logger = pino({ level: 'silent' });
const eventStore = createPostgresEventStore(database.db);
const engine = createProjectionEngine({ db: database.db, eventStore, projectors: process.env.ONLY ? allProjectors({ config }).filter((p) => p.name === process.env.ONLY) : allProjectors({ config }), logger });
await engine.start();
const t0 = performance.now();
const ts = () => (performance.now() - t0).toFixed(1);
const seen = new Map<bigint, number>();
const sub = eventStore.subscribe({ after: 0n, onEvent: async (e) => { seen.set(e.position, performance.now()); } });
for (let i = 0; i < 15; i++) {
  const meta = { actor: null, correlationId: 'c', causationId: null, time: new Date().toISOString(), schemaVersion: 1 };
  const start = performance.now();
  const r = await eventStore.appendToStream(`reaction-x_${i}`, [{ id: randomUUID(), type: 'ReactionAdded', data: { reactionId: String(1000 + i), accountId: 'a', statusId: String(5000 + i), emoji: '👍', url: null }, metadata: meta }], expect.noStream);
  const appended = performance.now();
  await engine.waitFor(['reactions'], r.position, 20000);
  const projected = performance.now();
  // wait for my own subscription to see it too
  while (!seen.has(r.position)) await new Promise((res) => setTimeout(res, 1));
  console.log(i, 'append', (appended - start).toFixed(1), 'sub saw after', (seen.get(r.position)! - appended).toFixed(1), 'projected after', (projected - appended).toFixed(1));
}
await sub.stop();
await engine.stop(); await eventStore.close(); await database.drop(); await server.stop();
