import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { pino } from 'pino';
import { buildApp } from '../../src/api/app.js';
import type { AppDeps } from '../../src/api/deps.js';
import { createCaptcha } from '../../src/captcha/challenge.js';
import { issueToken, registerApp } from '../../src/commands/oauth/index.js';
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
import { lastStored, OTHERS, PER_ACCOUNT, seedNotifications } from './notificationsSeed.js';

const CLIENTS = [4, 8];
const ROUNDS = 6;
const WARM_UP_MS = 500;
const TARGET_RATIO = 0.4;
const LIST = 'GET /api/v1/notifications';
const logger = pino({ level: 'silent' });

async function measure(url: string, headers: Record<string, string>, clients: number, durationMs: number) {
  return runLoad({ concurrency: clients, durationMs }, async () => {
    const res = await fetch(url, { headers });
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
    await res.arrayBuffer();
  });
}

const merge = (parts: LoadResult[]): LoadResult => ({
  operations: parts.reduce((sum, p) => sum + p.operations, 0),
  elapsedMs: parts.reduce((sum, p) => sum + p.elapsedMs, 0),
  latenciesMs: parts.flatMap((p) => p.latenciesMs),
});

function row(name: string, clients: number, result: LoadResult, bytes: number, baseline?: number): ResultRow {
  const perSecond = rate(result.operations, result.elapsedMs);
  const r = baseline === undefined ? null : ratio(perSecond, baseline);
  return {
    case: name,
    clients,
    'req/s': round(perSecond, 0),
    'p50 ms': round(percentile(result.latenciesMs, 50), 2),
    'p99 ms': round(percentile(result.latenciesMs, 99), 2),
    'body bytes': bytes,
    'ratio vs bare': r === null ? null : round(r, 2),
  };
}

async function homeToken(deps: AppDeps, accountId: string) {
  const ctx = {
    commandId: randomUUID(),
    actor: accountId,
    correlationId: randomUUID(),
    causationId: null,
    time: new Date(),
  };
  const app = await registerApp(
    deps,
    { name: 'bench', website: null, redirectUris: ['urn:ietf:wg:oauth:2.0:oob'], scopes: ['read'] },
    ctx,
  );
  const token = await issueToken(deps, {
    accountId,
    appId: app.appId,
    scopes: ['read'],
    context: { ...ctx, commandId: randomUUID() },
  });
  return { Authorization: `Bearer ${token.accessToken}` };
}

async function run(context: ScenarioContext): Promise<ResultRow[]> {
  const database = await createBenchDatabase(context.server.adminUrl, 16);
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
    waitTimeoutMs: 600_000,
    batchSize: 2_000,
  });
  const servers: { close(): void }[] = [];
  try {
    await engine.start();
    const home = await seedNotifications(eventStore, config.PUBLIC_URL, context.log);
    const projecting = performance.now();
    await engine.waitFor(
      engine.projectors.map((p) => p.name),
      await lastStored(database.db),
      600_000,
    );
    context.log(`projected in ${round((performance.now() - projecting) / 1000, 1)} s`);
    await database.db.raw('analyze');
    const [counted] = await database.db('notifications').where({ account_id: home.id }).count({ count: '*' });
    const count = counted?.count;
    context.log(`home user: ${count} notifications`);

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
    const headers = await homeToken(deps, home.id);
    const listen = async (handler: express.Express) => {
      const server = handler.listen(0, '127.0.0.1');
      servers.push(server);
      await new Promise((resolve) => server.once('listening', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    };
    const listUrl = `${await listen(buildApp(deps))}/api/v1/notifications`;
    const sample = (await (await fetch(listUrl, { headers })).json()) as { type: string }[];
    const bytes = JSON.stringify(sample).length;
    context.log(
      `notifications: ${sample.length} per page (${[...new Set(sample.map((n) => n.type))].join(', ')}), ${bytes} bytes`,
    );
    const bare = express();
    bare.get('/notifications', (_req, res) => {
      res.json(sample);
    });
    const bareUrl = `${await listen(bare)}/notifications`;

    const rows: ResultRow[] = [];
    for (const clients of CLIENTS) {
      const cases = [
        { url: bareUrl, parts: [] as LoadResult[] },
        { url: listUrl, parts: [] as LoadResult[] },
      ];
      for (const each of cases) await measure(each.url, headers, clients, WARM_UP_MS);
      // Interleaved slices: the baseline and the list see the same moments of a shared machine.
      for (let i = 0; i < ROUNDS; i++) {
        for (const each of cases)
          each.parts.push(await measure(each.url, headers, clients, context.caseDurationMs / ROUNDS));
      }
      const [baseline, list] = cases.map((each) => merge(each.parts));
      rows.push(row('bare express, fixed JSON', clients, baseline!, bytes));
      rows.push(row(LIST, clients, list!, bytes, rate(baseline!.operations, baseline!.elapsedMs)));
      context.log(`${clients} clients done`);
    }
    return rows;
  } finally {
    for (const server of servers) server.close();
    await engine.stop();
    await eventStore.close();
    await database.drop();
  }
}

export const notifications: Scenario = {
  name: 'notifications',
  description:
    `${LIST} (20 notifications, rendered with their accounts and statuses) over HTTP on loopback for a user with ` +
    `${(OTHERS * PER_ACCOUNT).toLocaleString('en')} notifications, beside a bare express route answering the same JSON.`,
  run,
  notes: (rows) => {
    const measured = rows.filter((r) => r.case === LIST);
    const met = measured.every(
      (r) => typeof r['ratio vs bare'] === 'number' && r['ratio vs bare'] >= TARGET_RATIO,
    );
    return [
      `Seeded through the event store and projected: ${OTHERS.toLocaleString('en')} accounts each follow the home user, ` +
        'mention them 4 times, favourite 3 of their statuses and react to 2 (each account’s ten together, so a page mixes the types).',
      'ratio vs bare = list req/s ÷ bare route req/s at the same number of clients; each client waits for its answer.',
      `Target: ratio ≥ ${TARGET_RATIO}. ${met ? 'Met in this run.' : 'Not met in this run.'}`,
    ];
  },
};
