import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../../src/api/deps.js';
import { newEvents } from '../../src/commands/handleCommand.js';
import {
  type ConversationEvent,
  participationDecider,
  participationIdFor,
  participationStream,
} from '../../src/domain/conversation/index.js';
import { contextUri, type StatusEvent } from '../../src/domain/status/index.js';
import { type EventStore, expect } from '../../src/eventstore/eventStore.js';
import type { Scenario, ScenarioContext } from '../lib/scenario.js';
import { accountRegistered, inParallel, seedEvent } from '../lib/seed.js';
import { readNotes, runSeededRead } from '../lib/seededRead.js';
import { round } from '../lib/stats.js';

const ACCOUNTS = 200;
const CONVERSATIONS = 2_000;
/** Direct statuses per conversation: the partner writes, the home user answers, and so on. */
const STATUSES_PER_CONVERSATION = 2;
const APPENDERS = 8;
const TARGET_RATIO = 0.4;

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
    const event = accountRegistered(a.id, a.nickname, time);
    await store.appendToStream(`account-${a.id}`, [seedEvent(a.id, event, time)], expect.noStream);
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
          emojis: [],
          expiresAt: null,
        },
      };
      const recorded = seedEvent(`status-${statusId}`, event, postedAt, author.id);
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

const LIST = 'GET /api/v1/conversations';

const run = (context: ScenarioContext) =>
  runSeededRead(context, {
    seed: (app, deps) => seed(deps, app.eventStore, context),
    describeSeed: async (app, accountId) => {
      const [counted] = await app.database
        .db('conversation_participations')
        .where({ account_id: accountId })
        .count({ count: '*' });
      return `home user: ${counted?.count} participations`;
    },
    request: {
      name: LIST,
      path: '/api/v1/conversations',
      barePath: '/conversations',
      describe: (sample, bytes) => `conversations: ${(sample as unknown[]).length} per page, ${bytes} bytes`,
    },
  });

export const conversations: Scenario = {
  name: 'conversations',
  description:
    `${LIST} (20 conversations, rendered) over HTTP on loopback for a user with ${CONVERSATIONS.toLocaleString('en')} ` +
    'participations, beside a bare express route answering the same JSON.',
  run,
  notes: (rows) => [
    `Seeded through the event store, with the participation events the decider makes: ${ACCOUNTS} accounts, ` +
      `${CONVERSATIONS} two-person conversations of ${STATUSES_PER_CONVERSATION} direct statuses each, all with the home user.`,
    ...readNotes(rows, LIST, { ratio: TARGET_RATIO }),
  ],
};
