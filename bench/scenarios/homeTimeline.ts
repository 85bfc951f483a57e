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
import { formatStatus } from '../../src/commands/statuses/format.js';
import { loadConfig } from '../../src/config.js';
import { createKeyRing } from '../../src/crypto/keyRing.js';
import type { AccountEvent } from '../../src/domain/account/events.js';
import { eventId, IdGenerator } from '../../src/domain/shared/ids.js';
import { contextUri, type StatusEvent, type Visibility } from '../../src/domain/status/index.js';
import { createEmojiRegistry } from '../../src/emoji/registry.js';
import { type EventStore, expect, type NewEvent } from '../../src/eventstore/eventStore.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import { createMailer } from '../../src/mail/mailer.js';
import { ACCOUNTS_PROJECTOR } from '../../src/projections/accounts/projector.js';
import { createProjectionEngine } from '../../src/projections/engine.js';
import { allProjectors } from '../../src/projections/registry.js';
import { STATUSES_PROJECTOR } from '../../src/projections/statuses/projector.js';
import { createBenchDatabase } from '../lib/database.js';
import type { ResultRow, Scenario, ScenarioContext } from '../lib/scenario.js';
import { type LoadResult, percentile, rate, ratio, round, runLoad } from '../lib/stats.js';

const ACCOUNTS = 1_000;
const STATUSES = 100_000;
/** Share of all statuses that mention the home user: what the home timeline (without follows) shows besides their own. */
const MENTION_SHARE = 0.05;
const APPENDERS = 8;
const CLIENTS = [4, 8];
const ROUNDS = 6;
const WARM_UP_MS = 500;
const TARGET_RATIO = 0.4;
const TARGET_P99_MS = 30;

const logger = pino({ level: 'silent' });
const metadata = (time: string) => ({
  actor: null,
  correlationId: randomUUID(),
  causationId: null,
  time,
  schemaVersion: 1,
});

/** Runs `work` over `items` from `concurrency` workers. */
async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

function accountEvent(id: string, nickname: string, time: string): AccountEvent {
  return {
    type: 'AccountRegistered',
    data: {
      accountId: id,
      nickname,
      email: null,
      emailIndex: null,
      passwordHash: 'not-a-hash',
      confirmed: true,
      approved: true,
      locked: false,
      displayName: `User ${nickname}`,
      note: 'A bench account',
      locale: 'en',
      registeredAt: time,
    },
  };
}

const VISIBILITIES: Visibility[] = [
  'public',
  'public',
  'public',
  'public',
  'public',
  'public',
  'unlisted',
  'private',
  'direct',
  'public',
];

/** 1,000 accounts and 100,000 statuses (100 each, ~5% mentioning the home user), appended through the store. */
async function seed(store: EventStore, config: AppDeps['config'], context: ScenarioContext) {
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({ id: `${1000 + i}`, nickname: `user${i}` }));
  const time = new Date().toISOString();
  await inParallel(accounts, APPENDERS, async (a) => {
    const event = accountEvent(a.id, a.nickname, time);
    await store.appendToStream(
      `account-${a.id}`,
      [{ id: eventId(`seed-${a.id}`), ...event, data: { ...event.data }, metadata: metadata(time) }],
      expect.noStream,
    );
  });
  const home = accounts[0]!;
  // Time-ordered ids a minute apart over the last ~70 days, as IdGenerator makes them (ms << 16 | sequence).
  const start = Date.now() - STATUSES * 60_000;
  const statusIds = Array.from({ length: STATUSES }, (_, i) =>
    ((BigInt(start + i * 60_000) << 16n) | BigInt(i & 0xff)).toString(),
  );
  const started = performance.now();
  await inParallel([...statusIds.entries()], APPENDERS, async ([i, statusId]) => {
    const author = accounts[i % ACCOUNTS]!;
    const mentionsHome = author !== home && Math.random() < MENTION_SHARE;
    const mentioned = mentionsHome ? home : accounts[(i * 7919) % ACCOUNTS]!;
    const text = `Status ${i} for @${mentioned.nickname}, about #topic${i % 50} — see https://example.org/post/${i}`;
    const target = {
      id: mentioned.id,
      nickname: mentioned.nickname,
      url: `${config.PUBLIC_URL}/users/${mentioned.nickname}`,
    };
    const formatted = formatStatus(text, {
      publicUrl: config.PUBLIC_URL,
      localDomain: config.LOCAL_DOMAIN,
      resolve: () => target,
    });
    const postedAt = new Date(Number(BigInt(statusId) >> 16n)).toISOString();
    const event: StatusEvent = {
      type: 'StatusPosted',
      data: {
        statusId,
        objectId: randomUUID(),
        accountId: author.id,
        visibility: VISIBILITIES[i % VISIBILITIES.length]!,
        text,
        contentHtml: formatted.html,
        spoilerText: '',
        sensitive: false,
        inReplyToId: null,
        inReplyToAccountId: null,
        mentions: [{ accountId: mentioned.id, nickname: mentioned.nickname }],
        tags: formatted.tags,
        language: 'en',
        context: contextUri(config.PUBLIC_URL, randomUUID()),
        postedAt,
        application: { id: '1', name: 'bench', website: null },
        mediaIds: [],
      },
    };
    const recorded: NewEvent = {
      id: eventId(`seed-status-${statusId}`),
      ...event,
      data: { ...event.data },
      metadata: metadata(postedAt),
    };
    await store.appendToStream(`status-${statusId}`, [recorded], expect.noStream);
    if (i > 0 && i % 20_000 === 0) context.log(`appended ${i} statuses`);
  });
  context.log(`appended ${STATUSES} statuses in ${round((performance.now() - started) / 1000, 1)} s`);
  return home;
}

async function measure(
  url: string,
  headers: Record<string, string>,
  clients: number,
  durationMs: number,
): Promise<LoadResult> {
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

async function run(context: ScenarioContext): Promise<ResultRow[]> {
  const database = await createBenchDatabase(context.server.adminUrl, 16);
  const config = loadConfig({
    PUBLIC_URL: 'http://localhost:4000',
    LOG_LEVEL: 'silent',
    MASTER_KEY: randomBytes(32).toString('hex'),
  });
  const eventStore = createPostgresEventStore(database.db);
  // Every read model, as the server runs them: extras providers of other areas read their own tables.
  const projectors = allProjectors({ config });
  const engine = createProjectionEngine({
    db: database.db,
    eventStore,
    projectors,
    logger,
    waitTimeoutMs: 600_000,
    batchSize: 2_000,
  });
  const servers: { close(): void }[] = [];
  try {
    await engine.start();
    const home = await seed(eventStore, config, context);
    const projecting = performance.now();
    await engine.waitFor([STATUSES_PROJECTOR, ACCOUNTS_PROJECTOR], await eventStore.headPosition(), 600_000);
    context.log(`projected in ${round((performance.now() - projecting) / 1000, 1)} s`);
    await database.db.raw('analyze');

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
    const ctx = {
      commandId: randomUUID(),
      actor: home.id,
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
      accountId: home.id,
      appId: app.appId,
      scopes: ['read'],
      context: { ...ctx, commandId: randomUUID() },
    });
    const headers = { Authorization: `Bearer ${token.accessToken}` };

    const listen = async (handler: express.Express) => {
      const server = handler.listen(0, '127.0.0.1');
      servers.push(server);
      await new Promise((resolve) => server.once('listening', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    };
    const annals = await listen(buildApp(deps));
    const timelineUrl = `${annals}/api/v1/timelines/home`;
    const sample = await (await fetch(timelineUrl, { headers })).json();
    const bytes = JSON.stringify(sample).length;
    context.log(`home timeline: ${(sample as unknown[]).length} statuses, ${bytes} bytes`);
    const bare = express();
    bare.get('/timeline', (_req, res) => {
      res.json(sample);
    });
    const bareUrl = `${await listen(bare)}/timeline`;

    const rows: ResultRow[] = [];
    for (const clients of CLIENTS) {
      const cases = [
        { url: bareUrl, parts: [] as LoadResult[] },
        { url: timelineUrl, parts: [] as LoadResult[] },
      ];
      for (const each of cases) await measure(each.url, headers, clients, WARM_UP_MS);
      // Interleaved slices: the baseline and the timeline see the same moments of a shared machine.
      for (let i = 0; i < ROUNDS; i++) {
        for (const each of cases)
          each.parts.push(await measure(each.url, headers, clients, context.caseDurationMs / ROUNDS));
      }
      const [baseline, timeline] = cases.map((each) => merge(each.parts));
      const baselineRate = rate(baseline!.operations, baseline!.elapsedMs);
      rows.push(row('bare express, fixed JSON', clients, baseline!, bytes));
      rows.push(row('GET /api/v1/timelines/home', clients, timeline!, bytes, baselineRate));
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

export const homeTimeline: Scenario = {
  name: 'home-timeline',
  description:
    `GET /api/v1/timelines/home (20 statuses, rendered) over HTTP on loopback with ${STATUSES.toLocaleString('en')} statuses ` +
    `from ${ACCOUNTS.toLocaleString('en')} accounts, beside a bare express route answering the same JSON.`,
  run,
  notes: (rows) => {
    const timeline = rows.filter((r) => r.case === 'GET /api/v1/timelines/home');
    const met = timeline.every(
      (r) =>
        typeof r['ratio vs bare'] === 'number' &&
        r['ratio vs bare'] >= TARGET_RATIO &&
        Number(r['p99 ms']) < TARGET_P99_MS,
    );
    return [
      'Seeded through the event store and projected: 100 statuses per account (70% public, 10% each unlisted, private, direct), ' +
        `each mentioning one account; ${MENTION_SHARE * 100}% mention the home user. Follows do not exist yet (issue 4), ` +
        "so the home timeline is the user's own statuses and those addressed to them.",
      'ratio vs bare = timeline req/s ÷ bare route req/s at the same number of clients; each client waits for its answer.',
      `Target: ratio ≥ ${TARGET_RATIO} and p99 < ${TARGET_P99_MS} ms. ${met ? 'Met in this run.' : 'Not met in this run.'}`,
    ];
  },
};
