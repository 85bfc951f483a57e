import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { pino } from 'pino';
import { buildApp } from '../../src/api/app.js';
import type { AppDeps } from '../../src/api/deps.js';
import { createCaptcha } from '../../src/captcha/challenge.js';
import { registerAccount } from '../../src/commands/accounts/index.js';
import { issueToken, registerApp } from '../../src/commands/oauth/index.js';
import { postStatus } from '../../src/commands/statuses/index.js';
import { loadConfig } from '../../src/config.js';
import { createKeyRing } from '../../src/crypto/keyRing.js';
import { IdGenerator } from '../../src/domain/shared/ids.js';
import { createEmojiRegistry } from '../../src/emoji/registry.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import { createMailer } from '../../src/mail/mailer.js';
import { createProjectionEngine } from '../../src/projections/engine.js';
import { allProjectors } from '../../src/projections/registry.js';
import { createBenchDatabase } from '../lib/database.js';
import type { ResultRow, Scenario, ScenarioContext } from '../lib/scenario.js';
import { type LoadResult, percentile, rate, ratio, round, runLoad } from '../lib/stats.js';

const CLIENTS = 4;
const STATUSES = 20;
const ROUNDS = 6;
const WARM_UP_MS = 500;
const TARGET_RATIO = 0.3;
const TARGET_P99_MS = 50;
const EMOJI = encodeURIComponent('👍');

const logger = pino({ level: process.env.BENCH_LOG ?? 'silent' });
const context = (actor: string | null = null) => ({
  commandId: randomUUID(),
  actor,
  correlationId: randomUUID(),
  causationId: null,
  time: new Date(),
});

interface Client {
  headers: Record<string, string>;
  /** Whether this client's 👍 is on each status now: the next request on it is then a DELETE. */
  reacted: boolean[];
  puts: number[];
}

/** An account per client with a write token, and statuses by one author for them to react to. */
async function seed(deps: AppDeps): Promise<{ clients: Client[]; statusIds: string[] }> {
  const app = await registerApp(
    deps,
    { name: 'bench', website: null, redirectUris: ['urn:ietf:wg:oauth:2.0:oob'], scopes: ['read', 'write'] },
    context(),
  );
  const clients: Client[] = [];
  const accounts = [];
  for (let i = 0; i < CLIENTS; i++) {
    const account = await registerAccount(
      deps,
      { nickname: `reactor${i}`, email: null, password: 'bench password', byAdmin: true },
      context(),
    );
    accounts.push(account);
    const token = await issueToken(deps, {
      accountId: account.id,
      appId: app.appId,
      scopes: ['read', 'write'],
      context: context(account.id),
    });
    clients.push({
      headers: { Authorization: `Bearer ${token.accessToken}` },
      reacted: Array(STATUSES).fill(false),
      puts: [],
    });
  }
  const statusIds: string[] = [];
  for (let i = 0; i < STATUSES; i++) {
    const input = { status: `Status ${i}: react to me #bench`, visibility: 'public' as const };
    statusIds.push((await postStatus(deps, accounts[0]!.id, input, context(accounts[0]!.id))).id);
  }
  return { clients, statusIds };
}

/**
 * Each client walks the statuses, putting its 👍 on one and taking it off the next time round: every
 * request is a real write (an append, a projection, a render), never an idempotent no-op.
 */
function reactionLoad(baseUrl: string, clients: Client[], statusIds: string[], durationMs: number) {
  return runLoad({ concurrency: clients.length, durationMs }, async (worker, iteration) => {
    const client = clients[worker]!;
    const index = (worker * 5 + iteration) % statusIds.length;
    const put = !client.reacted[index];
    const started = performance.now();
    const res = await fetch(`${baseUrl}/api/v1/pleroma/statuses/${statusIds[index]}/reactions/${EMOJI}`, {
      method: put ? 'PUT' : 'DELETE',
      headers: client.headers,
    });
    const body = (await res.json()) as { pleroma?: { emoji_reactions?: { me: boolean }[] } };
    if (res.status !== 200)
      throw new Error(`reaction ${put ? 'PUT' : 'DELETE'}: ${res.status} ${JSON.stringify(body)}`);
    if (put) client.puts.push(performance.now() - started);
    client.reacted[index] = put;
  });
}

function bareLoad(url: string, durationMs: number) {
  return runLoad({ concurrency: CLIENTS, durationMs }, async () => {
    const res = await fetch(url, { method: 'PUT' });
    if (res.status !== 200) throw new Error(`bare route: ${res.status}`);
    await res.arrayBuffer();
  });
}

const merge = (parts: LoadResult[]): LoadResult => ({
  operations: parts.reduce((sum, p) => sum + p.operations, 0),
  elapsedMs: parts.reduce((sum, p) => sum + p.elapsedMs, 0),
  latenciesMs: parts.flatMap((p) => p.latenciesMs),
});

function row(name: string, result: LoadResult, latencies: number[], baseline?: number): ResultRow {
  const perSecond = rate(result.operations, result.elapsedMs);
  const r = baseline === undefined ? null : ratio(perSecond, baseline);
  return {
    case: name,
    clients: CLIENTS,
    'req/s': round(perSecond, 0),
    'p50 ms': round(percentile(latencies, 50), 2),
    'p99 ms': round(percentile(latencies, 99), 2),
    'ratio vs bare': r === null ? null : round(r, 2),
  };
}

async function listen(handler: express.Express, servers: Server[]): Promise<string> {
  const server = handler.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function run(scenario: ScenarioContext): Promise<ResultRow[]> {
  const database = await createBenchDatabase(scenario.server.adminUrl, 16);
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
  });
  const servers: Server[] = [];
  try {
    await engine.start();
    const deps: AppDeps = {
      config,
      db: database.db,
      eventStore,
      projections: engine,
      ids: new IdGenerator(),
      clock: () => new Date(),
      logger,
      keys: createKeyRing(database.db, Buffer.from(config.MASTER_KEY!, 'hex')),
      mailer: createMailer(config, logger),
      captcha: createCaptcha(Buffer.from(config.MASTER_KEY!, 'hex')),
      emoji: await createEmojiRegistry(join(tmpdir(), 'annals-bench-no-emoji')),
    };
    const { clients, statusIds } = await seed(deps);
    const annals = await listen(buildApp(deps), servers);
    const sampleRes = await fetch(`${annals}/api/v1/pleroma/statuses/${statusIds[0]}/reactions/${EMOJI}`, {
      method: 'PUT',
      headers: clients[0]!.headers,
    });
    const sample = await sampleRes.json();
    clients[0]!.reacted[0] = true;
    const bare = express();
    bare.put('/reaction', (_req, res) => {
      res.json(sample);
    });
    const bareUrl = `${await listen(bare, servers)}/reaction`;
    scenario.log(
      `${CLIENTS} clients, ${STATUSES} statuses, Status body ${JSON.stringify(sample).length} bytes`,
    );

    await bareLoad(bareUrl, WARM_UP_MS);
    await reactionLoad(annals, clients, statusIds, WARM_UP_MS);
    for (const client of clients) client.puts.length = 0;
    const bareParts: LoadResult[] = [];
    const reactionParts: LoadResult[] = [];
    // Interleaved slices: the baseline and the writes see the same moments of a shared machine.
    for (let i = 0; i < ROUNDS; i++) {
      bareParts.push(await bareLoad(bareUrl, scenario.caseDurationMs / ROUNDS));
      reactionParts.push(await reactionLoad(annals, clients, statusIds, scenario.caseDurationMs / ROUNDS));
    }
    const baseline = merge(bareParts);
    const reactions = merge(reactionParts);
    const baselineRate = rate(baseline.operations, baseline.elapsedMs);
    return [
      row('bare express, fixed Status JSON', baseline, baseline.latenciesMs),
      row('reaction PUT/DELETE round trip', reactions, reactions.latenciesMs, baselineRate),
      row(
        '  of which PUT',
        reactions,
        clients.flatMap((c) => c.puts),
        baselineRate,
      ),
    ];
  } finally {
    for (const server of servers) server.close();
    await engine.stop();
    await eventStore.close();
    await database.drop();
  }
}

export const reactionRoundTrip: Scenario = {
  name: 'reaction-round-trip',
  description:
    `PUT/DELETE /api/v1/pleroma/statuses/:id/reactions/:emoji over HTTP on loopback, ${CLIENTS} concurrent clients, ` +
    'each answer the Status rendered from the projections after waiting for them, beside a bare express route ' +
    'answering the same Status JSON.',
  run,
  notes: (rows) => {
    const writes = rows.find((r) => r.case === 'reaction PUT/DELETE round trip');
    const met =
      writes !== undefined &&
      typeof writes['ratio vs bare'] === 'number' &&
      writes['ratio vs bare'] >= TARGET_RATIO &&
      Number(writes['p99 ms']) < TARGET_P99_MS;
    return [
      'Every request is a real write: each client alternates putting and removing its 👍 on each status ' +
        '(read stream, decide, append, wait for the reactions projection, gather, render).',
      'ratio vs bare = reaction req/s ÷ bare route req/s; "of which PUT" lists the PUT latencies alone.',
      `Target: ratio ≥ ${TARGET_RATIO} and p99 < ${TARGET_P99_MS} ms. ${met ? 'Met in this run.' : 'Not met in this run.'}`,
    ];
  },
};
