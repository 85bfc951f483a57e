import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { pino } from 'pino';
import { buildApp } from '../../src/api/app.js';
import type { AppDeps } from '../../src/api/deps.js';
import { createCaptcha } from '../../src/captcha/challenge.js';
import { newEvents } from '../../src/commands/handleCommand.js';
import { issueToken, registerApp } from '../../src/commands/oauth/index.js';
import { loadConfig } from '../../src/config.js';
import { createKeyRing } from '../../src/crypto/keyRing.js';
import type { AccountEvent } from '../../src/domain/account/events.js';
import {
  type ConversationEvent,
  participationDecider,
  participationIdFor,
  participationStream,
} from '../../src/domain/conversation/index.js';
import { eventId, IdGenerator } from '../../src/domain/shared/ids.js';
import { contextUri, type StatusEvent } from '../../src/domain/status/index.js';
import { createEmojiRegistry } from '../../src/emoji/registry.js';
import { type EventStore, expect, type NewEvent } from '../../src/eventstore/eventStore.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import { createMailer } from '../../src/mail/mailer.js';
import { createProjectionEngine } from '../../src/projections/engine.js';
import { allProjectors } from '../../src/projections/registry.js';
import { createBenchDatabase } from '../lib/database.js';
import type { ResultRow, Scenario, ScenarioContext } from '../lib/scenario.js';
import { type LoadResult, percentile, rate, ratio, round, runLoad } from '../lib/stats.js';

const ACCOUNTS = 200;
const CONVERSATIONS = 2_000;
/** Direct statuses per conversation: the partner writes, the home user answers, and so on. */
const STATUSES_PER_CONVERSATION = 2;
const APPENDERS = 8;
const CLIENTS = [4, 8];
const ROUNDS = 6;
const WARM_UP_MS = 500;
const TARGET_RATIO = 0.4;

const logger = pino({ level: 'silent' });
const metadata = (time: string, actor: string | null = null) => ({
  actor,
  correlationId: randomUUID(),
  causationId: null,
  time,
  schemaVersion: 1,
});

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

type Account = { id: string; nickname: string };

/** Each participant's participation events for a conversation's statuses, as the decider makes them. */
function participationEvents(accountId: string, statuses: StatusEvent[]): ConversationEvent[] {
  const { decide, evolve, initialState } = participationDecider;
  let state = initialState;
  const events: ConversationEvent[] = [];
  for (const { data } of statuses as Extract<StatusEvent, { type: 'StatusPosted' }>[]) {
    const addressedIds = [data.accountId, ...data.mentions.map((m) => m.accountId)];
    const decided = decide(
      {
        type: 'ReceiveDirectStatus',
        participationId: participationIdFor(accountId, data.statusId),
        accountId,
        context: data.context,
        statusId: data.statusId,
        authorId: data.accountId,
        addressedIds,
        blocksAddressed: false,
      },
      state,
    );
    state = decided.reduce(evolve, state);
    events.push(...decided);
  }
  return events;
}

/**
 * 200 accounts; the home user talks with them in 2,000 conversations of two direct statuses each, appended
 * through the store with the participation events the decider makes for them.
 */
async function seed(deps: AppDeps, store: EventStore, context: ScenarioContext): Promise<Account> {
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
  const total = CONVERSATIONS * STATUSES_PER_CONVERSATION;
  const start = Date.now() - total * 60_000;
  const started = performance.now();
  await inParallel([...Array(CONVERSATIONS).keys()], APPENDERS, async (c) => {
    const partner = accounts[1 + (c % (ACCOUNTS - 1))]!;
    const thread = contextUri(deps.config.PUBLIC_URL, randomUUID());
    const statuses: StatusEvent[] = [];
    for (let n = 0; n < STATUSES_PER_CONVERSATION; n++) {
      const [author, to] = n % 2 === 0 ? [partner, home] : [home, partner];
      // Time-ordered ids a minute apart, conversations interleaved, as IdGenerator makes them.
      const i = n * CONVERSATIONS + c;
      const statusId = ((BigInt(start + i * 60_000) << 16n) | BigInt(i & 0xff)).toString();
      const postedAt = new Date(Number(BigInt(statusId) >> 16n)).toISOString();
      const text = `Message ${n} of conversation ${c} for @${to.nickname}`;
      const event: StatusEvent = {
        type: 'StatusPosted',
        data: {
          statusId,
          objectId: randomUUID(),
          accountId: author.id,
          visibility: 'direct',
          text,
          contentHtml: text,
          spoilerText: '',
          sensitive: false,
          inReplyToId: null,
          inReplyToAccountId: null,
          mentions: [{ accountId: to.id, nickname: to.nickname }],
          tags: [],
          language: 'en',
          context: thread,
          postedAt,
          application: { id: '1', name: 'bench', website: null },
          mediaIds: [],
        },
      };
      const recorded: NewEvent = {
        id: eventId(`seed-status-${statusId}`),
        ...event,
        data: { ...event.data },
        metadata: metadata(postedAt, author.id),
      };
      await store.appendToStream(`status-${statusId}`, [recorded], expect.noStream);
      statuses.push(event);
    }
    for (const participant of [home, partner]) {
      const context = {
        commandId: `seed-${c}-${participant.id}`,
        actor: null,
        correlationId: randomUUID(),
        causationId: null,
        time: new Date(),
      };
      const events = newEvents(participationEvents(participant.id, statuses), context);
      await store.appendToStream(participationStream(participant.id, thread), events, expect.noStream);
    }
    if (c > 0 && c % 500 === 0) context.log(`${c} conversations`);
  });
  context.log(`seeded ${CONVERSATIONS} conversations in ${round((performance.now() - started) / 1000, 1)} s`);
  return home;
}

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

const LIST = 'GET /api/v1/conversations';

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
    const home = await seed(deps, eventStore, context);
    await engine.waitFor(
      engine.projectors.map((p) => p.name),
      await eventStore.headPosition(),
      600_000,
    );
    await database.db.raw('analyze');
    const participations = await database
      .db('conversation_participations')
      .where({ account_id: home.id })
      .count();
    context.log(`home user: ${JSON.stringify(participations[0])} participations`);

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
    const listUrl = `${await listen(buildApp(deps))}/api/v1/conversations`;
    const sample = await (await fetch(listUrl, { headers })).json();
    const bytes = JSON.stringify(sample).length;
    context.log(`conversations: ${(sample as unknown[]).length} per page, ${bytes} bytes`);
    const bare = express();
    bare.get('/conversations', (_req, res) => {
      res.json(sample);
    });
    const bareUrl = `${await listen(bare)}/conversations`;

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

export const conversations: Scenario = {
  name: 'conversations',
  description:
    `${LIST} (20 conversations, rendered) over HTTP on loopback for a user with ${CONVERSATIONS.toLocaleString('en')} ` +
    'participations, beside a bare express route answering the same JSON.',
  run,
  notes: (rows) => {
    const measured = rows.filter((r) => r.case === LIST);
    const met = measured.every(
      (r) => typeof r['ratio vs bare'] === 'number' && r['ratio vs bare'] >= TARGET_RATIO,
    );
    return [
      `Seeded through the event store, with the participation events the decider makes: ${ACCOUNTS} accounts, ` +
        `${CONVERSATIONS} two-person conversations of ${STATUSES_PER_CONVERSATION} direct statuses each, all with the home user.`,
      'ratio vs bare = list req/s ÷ bare route req/s at the same number of clients; each client waits for its answer.',
      `Target: ratio ≥ ${TARGET_RATIO}. ${met ? 'Met in this run.' : 'Not met in this run.'}`,
    ];
  },
};
