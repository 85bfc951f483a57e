import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../../src/api/deps.js';
import { formatStatus } from '../../src/commands/statuses/format.js';
import { type RelationshipEvent, relationshipStream } from '../../src/domain/relationship/events.js';
import { contextUri, type StatusEvent, type Visibility } from '../../src/domain/status/index.js';
import { type EventStore, expect } from '../../src/eventstore/eventStore.js';
import type { Scenario, ScenarioContext } from '../lib/scenario.js';
import { accountRegistered, inParallel, seedEvent } from '../lib/seed.js';
import { readNotes, runSeededRead } from '../lib/seededRead.js';
import { round } from '../lib/stats.js';

const ACCOUNTS = 1_000;
const STATUSES = 100_000;
/** Accounts the home user follows (from before the first status, so all their statuses reach home). */
const FOLLOWED = 100;
/** Share of all statuses that mention the home user: what the home timeline (without follows) shows besides their own. */
const MENTION_SHARE = 0.05;
const APPENDERS = 8;
const TARGET_RATIO = 0.4;
const TARGET_P99_MS = 30;

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
    const event = accountRegistered(a.id, a.nickname, time);
    await store.appendToStream(`account-${a.id}`, [seedEvent(a.id, event, time)], expect.noStream);
  });
  const home = accounts[0]!;
  // Time-ordered ids a minute apart over the last ~70 days, as IdGenerator makes them (ms << 16 | sequence).
  const start = Date.now() - STATUSES * 60_000;
  const followedSince = new Date(start - 60_000).toISOString();
  await inParallel(accounts.slice(1, FOLLOWED + 1), APPENDERS, async (followed) => {
    const event: RelationshipEvent = {
      type: 'Followed',
      data: { followerId: home.id, followedId: followed.id, showingReblogs: true },
    };
    const stream = relationshipStream(home.id, followed.id);
    await store.appendToStream(stream, [seedEvent(stream, event, followedSince)], expect.noStream);
  });
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
        emojis: [],
        expiresAt: null,
      },
    };
    const recorded = seedEvent(`status-${statusId}`, event, postedAt);
    await store.appendToStream(`status-${statusId}`, [recorded], expect.noStream);
    if (i > 0 && i % 20_000 === 0) context.log(`appended ${i} statuses`);
  });
  context.log(`appended ${STATUSES} statuses in ${round((performance.now() - started) / 1000, 1)} s`);
  return home;
}

const TIMELINE = 'GET /api/v1/timelines/home';

const run = (context: ScenarioContext) =>
  runSeededRead(context, {
    seed: (app) => seed(app.eventStore, app.config, context),
    request: {
      name: TIMELINE,
      path: '/api/v1/timelines/home',
      barePath: '/timeline',
      describe: (sample, bytes) => `home timeline: ${(sample as unknown[]).length} statuses, ${bytes} bytes`,
    },
  });

export const homeTimeline: Scenario = {
  name: 'home-timeline',
  description:
    `${TIMELINE} (20 statuses, rendered) over HTTP on loopback with ${STATUSES.toLocaleString('en')} statuses ` +
    `from ${ACCOUNTS.toLocaleString('en')} accounts, beside a bare express route answering the same JSON.`,
  run,
  notes: (rows) => [
    'Seeded through the event store and projected: 100 statuses per account (70% public, 10% each unlisted, private, direct), ' +
      `each mentioning one account; ${MENTION_SHARE * 100}% mention the home user, who follows ${FOLLOWED} accounts: ` +
      "home is their own statuses, those addressed to them and the followed accounts' (all but direct).",
    ...readNotes(rows, TIMELINE, { ratio: TARGET_RATIO, p99Ms: TARGET_P99_MS }),
  ],
};
