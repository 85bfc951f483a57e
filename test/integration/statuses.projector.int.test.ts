import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusEvent, StatusPostedData } from '../../src/domain/status/index.js';
import type { EventStore, RecordedEvent } from '../../src/eventstore/eventStore.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import { accountsProjector } from '../../src/projections/accounts/projector.js';
import { ensureProjection } from '../../src/projections/ensure.js';
import { DEFAULT_PAGE } from '../../src/projections/pagination.js';
import { liveTables } from '../../src/projections/projector.js';
import { rebuildProjection } from '../../src/projections/rebuild.js';
import { relationshipsProjector } from '../../src/projections/relationships/projector.js';
import { statusesProjector } from '../../src/projections/statuses/projector.js';
import {
  accountStatuses,
  accountStatusStats,
  findStatusById,
  findVisibleStatus,
  homeTimeline,
  publicTimeline,
  statusContext,
  tagTimeline,
} from '../../src/projections/statuses/queries.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { statusPostedData } from '../helpers/events.js';
import {
  appendHistory,
  applyEvents,
  expectSameRowsOnReplay,
  snapshotByTable,
  untilVisible,
} from '../helpers/projectors.js';

const time = (n: number) => new Date(Date.UTC(2024, 4, 1, 10, 0, n)).toISOString();
const post = (id: string, n: number, data: Partial<StatusPostedData> = {}): StatusEvent => ({
  type: 'StatusPosted',
  data: statusPostedData({
    statusId: id,
    accountId: 'alice',
    postedAt: time(n),
    objectId: 'o',
    text: 't',
    contentHtml: 't',
    context: 'ctx-1',
    ...data,
  }),
});
const blobfox = { shortcode: 'blobfox', url: 'http://localhost:4000/emoji/blobs/blobfox.png' };
/** A StatusPosted as stored before `mediaIds` and `emojis` existed (the upcast reads it as having none). */
const storedLongAgo = (event: StatusEvent): StatusEvent => {
  const { mediaIds: _m, emojis: _e, ...old } = event.data as StatusPostedData;
  return { type: 'StatusPosted', data: old } as StatusEvent;
};
const history: StatusEvent[] = [
  post('10', 1, { tags: ['cofe'] }),
  storedLongAgo(post('20', 2, { inReplyToId: '10', inReplyToAccountId: 'alice', accountId: 'bob' })),
  post('30', 3, {
    visibility: 'direct',
    mentions: [{ accountId: 'bob', nickname: 'bob' }],
    inReplyToId: '20',
  }),
  post('40', 4, { visibility: 'unlisted', context: 'ctx-2', emojis: [blobfox] }),
  post('50', 5, { visibility: 'private', context: 'ctx-3', tags: ['cofe'] }),
  post('60', 6, { inReplyToId: '10', inReplyToAccountId: 'alice', context: 'ctx-1', tags: ['gone'] }),
  { type: 'StatusDeleted', data: { statusId: '60', accountId: 'alice' } },
];

describe('statuses projector and queries', () => {
  let database: TestDatabase;
  let store: EventStore;
  let recorded: RecordedEvent[];
  const tables = [
    'statuses',
    'status_recipients',
    'status_tags',
    'status_tombstones',
    'status_account_stats',
  ] as const;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createPostgresEventStore(database.db);
    const streams = history.map((event) => [`status-${event.data.statusId}`, event] as const);
    const last = await appendHistory(store, 'statuses-projector-test', streams, { time: () => time(0) });
    await untilVisible(store, last); // another test file's open transaction can hold the newest back
    recorded = await store.readAll({ eventTypes: statusesProjector.handles });
    await statusesProjector.createTables(database.db, liveTables);
    // The statuses queries read the relationships read model (the home feeds, followers-only visibility) and
    // the accounts one (deactivated authors); no events of theirs here, so only the feeds fill.
    await relationshipsProjector.createTables(database.db, liveTables);
    await accountsProjector.createTables(database.db, liveTables);
    await applyAll();
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  // The relationships projector writes the home feeds from the same events (the home timeline reads them).
  const applyAll = () => applyEvents(database.db, [statusesProjector, relationshipsProjector], recorded);
  const snapshot = () => snapshotByTable(database.db, tables, 'raw1');
  const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

  it('leaves the same rows when the whole history is applied again, deleted statuses staying deleted', async () => {
    const first = await expectSameRowsOnReplay(snapshot, applyAll, 1);
    expect(await findStatusById(database.db, '60')).toBeUndefined();
    expect(first.status_tags).toHaveLength(2);
  });

  it('keeps counts: replies on the parent, statuses and the last post per account', async () => {
    expect((await findStatusById(database.db, '10'))?.repliesCount).toBe(1);
    const stats = await accountStatusStats(database.db, ['alice', 'bob', 'nobody']);
    // Public and unlisted only (10, 40): the direct 30 and private 50 stay out, as in Pleroma.
    expect(stats.get('alice')).toEqual({ statusesCount: 2, lastStatusAt: new Date(time(4)) });
    expect(stats.get('bob')?.statusesCount).toBe(1);
    expect(stats.has('nobody')).toBe(false);
  });

  it('keeps the custom emoji a status was posted with, none for events stored before emojis existed', async () => {
    expect((await findStatusById(database.db, '40'))?.emojis).toEqual([blobfox]);
    expect((await findStatusById(database.db, '20'))?.emojis).toEqual([]);
    // The home timeline reads its rows as JSON: the same record either way.
    const home = await homeTimeline(database.db, 'alice', DEFAULT_PAGE);
    expect(home.find((s) => s.id === '40')?.emojis).toEqual([blobfox]);
    expect(home.find((s) => s.id === '10')?.emojis).toEqual([]);
  });

  it('applies visibility in single reads and in every list', async () => {
    expect(await findVisibleStatus(database.db, '30', 'bob')).toBeDefined();
    expect(await findVisibleStatus(database.db, '30', 'carol')).toBeUndefined();
    expect(await findVisibleStatus(database.db, '30', null)).toBeUndefined();
    expect(ids(await accountStatuses(database.db, 'alice', null, DEFAULT_PAGE))).toEqual(['40', '10']);
    expect(ids(await accountStatuses(database.db, 'alice', 'bob', DEFAULT_PAGE))).toEqual(['40', '30', '10']);
    expect(ids(await accountStatuses(database.db, 'alice', 'alice', DEFAULT_PAGE))).toEqual([
      '50',
      '40',
      '30',
      '10',
    ]);
    expect(ids(await publicTimeline(database.db, DEFAULT_PAGE))).toEqual(['20', '10']);
    expect(ids(await tagTimeline(database.db, { any: ['COFE'] }, DEFAULT_PAGE))).toEqual(['10']);
  });

  it('builds the home timeline from own and addressed statuses in one query', async () => {
    expect(ids(await homeTimeline(database.db, 'bob', DEFAULT_PAGE))).toEqual(['30', '20']);
    expect(ids(await homeTimeline(database.db, 'alice', DEFAULT_PAGE))).toEqual(['50', '40', '30', '10']);
    expect(ids(await homeTimeline(database.db, 'alice', { limit: 2 }))).toEqual(['50', '40']);
    expect(ids(await homeTimeline(database.db, 'alice', { limit: 2, minId: '10' }))).toEqual(['40', '30']);
    expect(ids(await homeTimeline(database.db, 'alice', { limit: 20, maxId: '40', sinceId: '10' }))).toEqual([
      '30',
    ]);
  });

  it('splits a thread into ancestors and descendants the viewer may see', async () => {
    const reply = (await findStatusById(database.db, '20'))!;
    const forBob = await statusContext(database.db, reply, 'bob');
    expect([ids(forBob.ancestors), ids(forBob.descendants)]).toEqual([['10'], ['30']]);
    const forCarol = await statusContext(database.db, reply, 'carol');
    expect([ids(forCarol.ancestors), ids(forCarol.descendants)]).toEqual([['10'], []]);
  });

  it('uses the indexes the timelines need', async () => {
    const indexes = (
      await database.db.raw(`select indexname from pg_indexes where tablename = 'statuses'`)
    ).rows.map((r: { indexname: string }) => r.indexname);
    expect(indexes).toEqual(
      expect.arrayContaining([
        'statuses_account_id_id_index',
        'statuses_public_id_index',
        'statuses_context_index',
      ]),
    );
  });

  it('rebuilds into fresh tables with the same rows and the same index names', async () => {
    const before = await snapshot();
    await ensureProjection(database.db, statusesProjector);
    await rebuildProjection({
      db: database.db,
      eventStore: store,
      projector: statusesProjector,
      logger: pino({ level: 'silent' }),
      batchSize: 3,
    });
    expect(await snapshot()).toEqual(before);
    const indexes = (await database.db.raw(`select indexname from pg_indexes where tablename = 'statuses'`))
      .rows;
    expect(indexes.map((r: { indexname: string }) => r.indexname)).toContain('statuses_public_id_index');
  });
});
