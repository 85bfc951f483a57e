import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountDeleted } from '../../src/domain/account/index.js';
import type { ConversationEvent } from '../../src/domain/conversation/index.js';
import type { StatusEvent, StatusPostedData } from '../../src/domain/status/index.js';
import type { EventStore, RecordedEvent } from '../../src/eventstore/eventStore.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import { conversationsProjector } from '../../src/projections/conversations/projector.js';
import {
  conversationsPage,
  findParticipation,
  participationIdsByContext,
  unreadConversationCount,
  unreadParticipations,
} from '../../src/projections/conversations/queries.js';
import { ensureProjection } from '../../src/projections/ensure.js';
import { DEFAULT_PAGE } from '../../src/projections/pagination.js';
import { liveTables } from '../../src/projections/projector.js';
import { rebuildProjection } from '../../src/projections/rebuild.js';
import { relationshipsProjector } from '../../src/projections/relationships/projector.js';
import { statusesProjector } from '../../src/projections/statuses/projector.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import {
  appendHistory,
  applyEvents,
  expectSameRowsOnReplay,
  snapshotByTable,
  untilVisible,
} from '../helpers/projectors.js';

const posted = (statusId: string, accountId: string, to: string[], over: Partial<StatusPostedData> = {}) =>
  ({
    type: 'StatusPosted',
    data: {
      statusId,
      objectId: 'o',
      accountId,
      visibility: 'direct',
      text: 't',
      contentHtml: 't',
      spoilerText: '',
      sensitive: false,
      inReplyToId: null,
      inReplyToAccountId: null,
      mentions: to.map((id) => ({ accountId: id, nickname: id })),
      tags: [],
      language: null,
      context: 'ctx-1',
      postedAt: '2024-05-01T10:00:00.000Z',
      application: null,
      mediaIds: [],
      ...over,
    },
  }) as StatusEvent;
const started = (
  id: string,
  accountId: string,
  recipientIds: string[],
  statusId: string,
  read: boolean,
  context = 'ctx-1',
): ConversationEvent => ({
  type: 'ConversationStarted',
  data: { participationId: id, accountId, context, recipientIds, statusId, read },
});
const added = (id: string, accountId: string, statusId: string, read: boolean | null): ConversationEvent => ({
  type: 'ConversationStatusAdded',
  data: { participationId: id, accountId, statusId, read },
});

/** alice writes to bob and carol; bob answers; carol and dave talk in ctx-2, with a deletion and a restart. */
const history: (ConversationEvent | StatusEvent | AccountDeleted)[] = [
  posted('100', 'alice', ['bob', 'carol']),
  started('1', 'alice', ['alice', 'bob', 'carol'], '100', true),
  started('2', 'bob', ['alice', 'bob', 'carol'], '100', false),
  started('3', 'carol', ['alice', 'bob', 'carol'], '100', false),
  posted('200', 'bob', ['alice']),
  added('2', 'bob', '200', true),
  added('1', 'alice', '200', false),
  { type: 'ConversationRead', data: { participationId: '3', accountId: 'carol' } },
  posted('300', 'alice', [], { visibility: 'public' }),
  posted('400', 'carol', ['dave'], { context: 'ctx-2' }),
  started('4', 'carol', ['carol', 'dave'], '400', true, 'ctx-2'),
  started('5', 'dave', ['carol', 'dave'], '400', false, 'ctx-2'),
  {
    type: 'ConversationRecipientsChanged',
    data: { participationId: '5', accountId: 'dave', recipientIds: ['dave', 'alice'] },
  },
  { type: 'ConversationDeleted', data: { participationId: '4', accountId: 'carol' } },
  posted('500', 'dave', ['carol'], { context: 'ctx-2' }),
  started('6', 'carol', ['dave', 'carol'], '500', false, 'ctx-2'),
  added('5', 'dave', '500', true),
  { type: 'StatusDeleted', data: { statusId: '500', accountId: 'dave' } },
  posted('600', 'eve', ['alice'], { context: 'ctx-3' }),
  started('7', 'eve', ['eve', 'alice'], '600', true, 'ctx-3'),
  { type: 'AccountDeleted', data: { accountId: 'eve' } } as AccountDeleted,
];

describe('conversations projector and queries', () => {
  let database: TestDatabase;
  let store: EventStore;
  let recorded: RecordedEvent[];
  const tables = ['conversation_participations', 'conversation_statuses'] as const;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createPostgresEventStore(database.db);
    const streams = history.map((event, i) => [`test-${i}`, event] as const);
    const last = await appendHistory(store, 'conversations-projector-test', streams, {
      time: () => '2024-05-01T10:00:00.000Z',
    });
    await untilVisible(store, last);
    recorded = await store.readAll({ eventTypes: conversationsProjector.handles });
    await conversationsProjector.createTables(database.db, liveTables);
    await relationshipsProjector.createTables(database.db, liveTables); // last statuses leave out blocked authors
    await statusesProjector.createTables(database.db, liveTables); // the last status is read with its participation
    await applyAll();
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  const applyAll = () => applyEvents(database.db, [conversationsProjector], recorded);
  const snapshot = () => snapshotByTable(database.db, tables, 'raw1');
  const page = async (accountId: string, p = DEFAULT_PAGE, participants?: string[]) =>
    (await conversationsPage(database.db, accountId, p, participants)).map((r) => [r.id, r.lastStatusId]);

  it('leaves the same rows when the whole history is applied again', async () => {
    const first = await expectSameRowsOnReplay(snapshot, applyAll, 1);
    expect(first.conversation_statuses.map((r: { status_id: string }) => r.status_id)).toEqual([
      '100',
      '200',
      '400',
      '600',
    ]);
  });

  it('keeps each participation with its recipients, read flag and last activity', async () => {
    expect(await findParticipation(database.db, '1')).toEqual({
      id: '1',
      accountId: 'alice',
      context: 'ctx-1',
      recipientIds: ['alice', 'bob', 'carol'],
      read: false,
      lastActivityId: '200',
      lastStatusId: '200',
    });
    expect(await findParticipation(database.db, '2')).toMatchObject({ read: true, lastActivityId: '200' });
    expect(await findParticipation(database.db, '3')).toMatchObject({ read: true, lastStatusId: '100' });
    expect(await findParticipation(database.db, '5')).toMatchObject({
      recipientIds: ['dave', 'alice'],
      lastActivityId: '500',
      lastStatusId: '400', // 500 was deleted
    });
  });

  it('forgets deleted participations and those of deleted accounts; a restart has its own id', async () => {
    expect(await findParticipation(database.db, '4')).toBeUndefined();
    expect(await findParticipation(database.db, '7')).toBeUndefined();
    expect(await findParticipation(database.db, '6')).toMatchObject({ accountId: 'carol', context: 'ctx-2' });
    expect(await findParticipation(database.db, 'abc')).toBeUndefined();
  });

  it('lists by last activity, leaving out participations without a status the owner may see', async () => {
    expect(await page('carol')).toEqual([
      ['6', '400'],
      ['3', '100'],
    ]);
    expect(await page('carol', { limit: 1 })).toEqual([['6', '400']]);
    expect(await page('carol', { limit: 20, maxId: '500' })).toEqual([['3', '100']]);
    expect(await page('carol', { limit: 1, minId: '100' })).toEqual([['6', '400']]);
    expect(await page('nobody')).toEqual([]);
  });

  it('filters by exact participants', async () => {
    expect(await page('alice', DEFAULT_PAGE, ['alice', 'bob', 'carol'])).toEqual([['1', '200']]);
    expect(await page('alice', DEFAULT_PAGE, ['carol', 'alice', 'bob', 'bob'])).toEqual([['1', '200']]);
    expect(await page('alice', DEFAULT_PAGE, ['alice', 'bob'])).toEqual([]);
    expect(await page('carol', DEFAULT_PAGE, ['carol', 'dave'])).toEqual([['6', '400']]);
  });

  it("counts and lists the owner's unread participations, and finds them by context", async () => {
    expect(await unreadConversationCount(database.db, 'alice')).toBe(1);
    expect(await unreadConversationCount(database.db, 'carol')).toBe(1);
    expect((await unreadParticipations(database.db, 'carol')).map((p) => p.id)).toEqual(['6']);
    const byContext = await participationIdsByContext(database.db, 'carol', ['ctx-1', 'ctx-2', 'ctx-9']);
    expect(Object.fromEntries(byContext)).toEqual({ 'ctx-1': '3', 'ctx-2': '6' });
  });

  it('leaves statuses of accounts the owner blocks out of the last status', async () => {
    await database.db('blocks').insert([
      { blocker_id: 'alice', blocked_id: 'bob' },
      { blocker_id: 'carol', blocked_id: 'alice' },
    ]);
    try {
      expect(await findParticipation(database.db, '1')).toMatchObject({
        lastActivityId: '200',
        lastStatusId: '100',
      });
      // carol's only status in ctx-1 is alice's: with nothing left to show, the conversation leaves her list.
      expect(await findParticipation(database.db, '3')).toMatchObject({ lastStatusId: null });
      expect(await page('carol')).toEqual([['6', '400']]);
    } finally {
      await database.db('blocks').delete();
    }
  });

  it('rebuilds into fresh tables with the same rows', async () => {
    const before = await snapshot();
    await ensureProjection(database.db, conversationsProjector);
    await rebuildProjection({
      db: database.db,
      eventStore: store,
      projector: conversationsProjector,
      logger: pino({ level: 'silent' }),
      batchSize: 4,
    });
    expect(await snapshot()).toEqual(before);
    const indexes = (
      await database.db.raw(
        `select indexname from pg_indexes where tablename = 'conversation_participations'`,
      )
    ).rows.map((r: { indexname: string }) => r.indexname);
    expect(indexes).toContain('conversation_participations_unread_index');
  });
});
