import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationId } from '../../src/domain/notification/rules.js';
import { eventId } from '../../src/domain/shared/ids.js';
import type { StatusPostedData } from '../../src/domain/status/events.js';
import type { EventStore, RecordedEvent } from '../../src/eventstore/eventStore.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import { resetCheckpoint } from '../../src/projections/checkpoints.js';
import { notificationsProjector } from '../../src/projections/notifications/projector.js';
import {
  notificationSettings,
  notificationsMarker,
  notificationsPage,
  unreadCount,
} from '../../src/projections/notifications/queries.js';
import { applyInOneStatement, writesEachAlone } from '../../src/projections/oneStatement.js';
import { liveTables, type ProjectionTables } from '../../src/projections/projector.js';
import { statusesProjector } from '../../src/projections/statuses/projector.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { statusPostedData } from '../helpers/events.js';
import {
  appendHistory,
  applyEvents,
  expectBatchesLikeOneByOne,
  expectSameRowsOnReplay,
  recordedUpTo,
  snapshotTables,
  tableRows,
} from '../helpers/projectors.js';

const start = Date.parse('2025-03-01T10:00:00Z');
const timeOf = (i: number) => new Date(start + i * 1000);
const idOf = (i: number) => notificationId(eventId('notifications-test', i), timeOf(i));

const posted = (statusId: string, accountId: string, data: Partial<StatusPostedData> = {}) => ({
  type: 'StatusPosted',
  data: { ...statusPostedData({ statusId, accountId, postedAt: new Date(start).toISOString(), ...data }) },
});
const pair = (x: string, y: string) => (x < y ? `relationship-${x}-${y}` : `relationship-${y}-${x}`);

/** [stream, event]; the index is the event's place (its id and time derive from it). */
const history: [string, { type: string; data: Record<string, unknown> }][] = [
  /* 0 */ ['status-1', posted('1', 'a', { mentions: [{ accountId: 'b', nickname: 'b' }] })],
  /* 1 */ [pair('c', 'a'), { type: 'SubscriptionAdded', data: { subscriberId: 'c', targetId: 'a' } }],
  /* 2 */ ['status-2', posted('2', 'a')],
  /* 3 */ [
    'favourite-b_1',
    { type: 'StatusFavourited', data: { favouriteId: '31', accountId: 'b', statusId: '1' } },
  ],
  /* 4 */ [
    'reaction-b_1',
    {
      type: 'ReactionAdded',
      data: { reactionId: '41', accountId: 'b', statusId: '1', emoji: '👍', url: null },
    },
  ],
  /* 5 */ [
    pair('b', 'a'),
    { type: 'Followed', data: { followerId: 'b', followedId: 'a', showingReblogs: true } },
  ],
  /* 6 */ [pair('a', 'd'), { type: 'Blocked', data: { blockerId: 'a', blockedId: 'd' } }],
  /* 7 */ [
    'favourite-d_1',
    { type: 'StatusFavourited', data: { favouriteId: '71', accountId: 'd', statusId: '1' } },
  ],
  /* 8 */ [
    pair('a', 'c'),
    { type: 'Muted', data: { muterId: 'a', mutedId: 'c', notifications: false, expiresAt: null } },
  ],
  /* 9 */ [
    'reaction-c_1',
    {
      type: 'ReactionAdded',
      data: { reactionId: '91', accountId: 'c', statusId: '1', emoji: 'blob', url: 'https://x/blob.png' },
    },
  ],
  /* 10 */ [
    'favourite-b_1',
    { type: 'FavouriteRemoved', data: { favouriteId: '31', accountId: 'b', statusId: '1' } },
  ],
  /* 11 */ [
    'reaction-b_1',
    {
      type: 'ReactionRemoved',
      data: { reactionId: '41', accountId: 'b', statusId: '1', emoji: '👍', url: null },
    },
  ],
  /* 12 */ [
    pair('c', 'b'),
    { type: 'FollowRequested', data: { followerId: 'c', followedId: 'b', showingReblogs: true } },
  ],
  /* 13 */ [pair('c', 'b'), { type: 'FollowRequestAuthorized', data: { followerId: 'c', followedId: 'b' } }],
  /* 14 */ ['status-2', { type: 'StatusDeleted', data: { statusId: '2', accountId: 'a' } }],
  /* 15 */ [
    'notifications-b',
    {
      type: 'NotificationSettingsUpdated',
      data: { accountId: 'b', blockFromStrangers: true, hideNotificationContents: false },
    },
  ],
  /* 16 */ ['status-3', posted('3', 'd', { mentions: [{ accountId: 'b', nickname: 'b' }] })],
  /* 17 */ [
    'notifications-a',
    { type: 'NotificationDismissed', data: { accountId: 'a', notificationId: idOf(5) } },
  ],
  /* 18 */ [
    'move-m',
    {
      type: 'MoveFollowersListed',
      data: { moveId: 'm', originId: 'a', targetId: 'd', chunk: 0, followerIds: ['b'], last: true },
    },
  ],
  /* 19 */ ['notifications-b', { type: 'NotificationsReadUpTo', data: { accountId: 'b', maxId: idOf(13) } }],
  /* 20 */ [
    'notifications-a',
    { type: 'NotificationsMarkerSaved', data: { accountId: 'a', lastReadId: '123' } },
  ],
  /* 21 */ [
    pair('e', 'a'),
    { type: 'FollowRequested', data: { followerId: 'e', followedId: 'a', showingReblogs: true } },
  ],
  /* 22 */ [pair('e', 'a'), { type: 'FollowRequestCancelled', data: { followerId: 'e', followedId: 'a' } }],
];

describe('notifications projector', () => {
  let database: TestDatabase;
  let store: EventStore;
  let recorded: RecordedEvent[];

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createPostgresEventStore(database.db);
    const last = await appendHistory(store, 'notifications-test', history, {
      time: (i) => timeOf(i).toISOString(),
    });
    recorded = await recordedUpTo(store, last);
    await notificationsProjector.createTables(database.db, liveTables);
    await statusesProjector.createTables(database.db, liveTables); // a notification is read with its status
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  const applyAll = () => applyEvents(database.db, [notificationsProjector], recorded);
  const page = { limit: 40, offset: 0 };
  const list = async (accountId: string) =>
    (await notificationsPage(database.db, accountId, {}, page)).map((n) => [n.type, n.actorId, n.id, n.seen]);

  it('notifies as the rules say, and removes what was undone', async () => {
    await applyAll();
    // a: the follow (5) dismissed, favourite (3) and 👍 (4) undone, d's favourite (7) blocked; c's custom
    // reaction (9) arrives seen (muted without notifications).
    expect(await list('a')).toEqual([['pleroma:emoji_reaction', 'c', idOf(9), true]]);
    // b: mentioned (0), c's request turned follow (12→13), read up to it; the move (18) from a, whom b
    // follows; d's mention (16) refused by block_from_strangers.
    expect(await list('b')).toEqual([
      ['move', 'a', idOf(18), false],
      ['follow', 'c', idOf(12), true],
      ['mention', 'a', idOf(0), true],
    ]);
    // c's status notification (2) went with the deleted status.
    expect(await list('c')).toEqual([]);
    // e's cancelled request left nothing.
    expect((await notificationsPage(database.db, 'a', { types: ['follow_request'] }, page)).length).toBe(0);
  });

  it('keeps settings, unread counts and the marker', async () => {
    expect(await notificationSettings(database.db, 'b')).toEqual({
      blockFromStrangers: true,
      hideNotificationContents: false,
    });
    expect(await unreadCount(database.db, 'b')).toBe(1);
    expect(await notificationsMarker(database.db, 'b')).toMatchObject({
      lastReadId: idOf(12),
      version: 0,
      unreadCount: 1,
    });
    expect(await notificationsMarker(database.db, 'a')).toMatchObject({
      lastReadId: '123',
      version: 1,
      unreadCount: 0,
    });
    expect(await notificationsMarker(database.db, 'nobody')).toBeUndefined();
  });

  it('leaves the same rows when the history is replayed, twice', async () => {
    const snapshot = () => snapshotTables(database.db, notificationsProjector.tables, [1, 2]);
    await expectSameRowsOnReplay(snapshot, applyAll);
  });

  it('rebuilds the same notifications, ids included, from the log into fresh tables', async () => {
    const copy: ProjectionTables = { table: (name) => `${name}__copy` };
    await notificationsProjector.createTables(database.db, copy);
    await applyEvents(database.db, [notificationsProjector], recorded, copy);
    for (const table of notificationsProjector.tables) {
      const rows = (name: string) => tableRows(database.db, name, [1, 2]);
      expect(await rows(copy.table(table))).toEqual(await rows(table));
    }
  });

  it('writes favourites, reactions, their undoing and deleted statuses in one statement as apply does', async () => {
    const snapshot = () => snapshotTables(database.db, notificationsProjector.tables, [1, 2]);
    const applied = await snapshot();
    const { name, version } = notificationsProjector;
    const alone = (event: RecordedEvent) => writesEachAlone(notificationsProjector, [event]);
    expect(recorded.filter(alone).map((event) => event.type)).toEqual([
      'StatusFavourited',
      'ReactionAdded',
      'StatusFavourited',
      'ReactionAdded',
      'FavouriteRemoved',
      'ReactionRemoved',
      'StatusDeleted',
    ]);
    /**
     * Each of those in a statement of its own (the checkpoint following it) unless the projector asks for a
     * transaction, anything else in a transaction; answers the one-statement outcomes.
     */
    const applyMixed = async () => {
      await resetCheckpoint(database.db, name, version);
      const outcomes: string[] = [];
      let from = 0n;
      for (const event of recorded) {
        if (alone(event)) {
          const checkpoint = { name, version, from, to: event.position };
          const outcome = await applyInOneStatement(database.db, notificationsProjector, checkpoint, event);
          outcomes.push(outcome);
          if (outcome === 'applied') {
            from = event.position;
            continue;
          }
        }
        await applyEvents(database.db, [notificationsProjector], [event]);
      }
      return outcomes;
    };
    for (const table of notificationsProjector.tables) await database.db(table).delete();
    await database.db('notification_progress').insert({ id: 1, position: 0 });
    // c's reaction (9) arrives seen, moving a's marker: that one takes a transaction.
    expect(await applyMixed()).toEqual([
      'applied',
      'applied',
      'applied',
      'in-transaction',
      'applied',
      'applied',
      'applied',
    ]);
    expect(await snapshot()).toEqual(applied);
    // A replay over them (the progress is past every event) writes nothing: the undone stays undone.
    expect(await applyMixed()).toEqual(Array(7).fill('applied'));
    expect(await snapshot()).toEqual(applied);
  });

  it('leaves the same rows applying batches at once as applying their events one by one', async () => {
    const end = recorded.at(-1)!.position;
    const at = (i: number, type: string, data: Record<string, unknown>): RecordedEvent => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      type,
      data,
      metadata: {
        actor: null,
        correlationId: 'c',
        causationId: null,
        time: timeOf(100 + i).toISOString(),
        schemaVersion: 1,
      },
      stream: `pair-${i}`,
      revision: 0,
      position: end + BigInt(i + 1),
    });
    const follow = (followerId: string, followedId: string) => ({
      followerId,
      followedId,
      showingReblogs: true,
    });
    const unfollow = (followerId: string, followedId: string) => ({ followerId, followedId });
    const listed = (moveId: string, originId: string, followerIds: string[]) => ({
      moveId,
      originId,
      targetId: 'x7',
      chunk: 0,
      followerIds,
      last: true,
    });
    // b refuses strangers: x1 gets through once b follows x1 (earlier in the same run), x2 does not. a muted c
    // keeping notifications: c's follow arrives seen, and following again adds none. a blocked d: nothing.
    const run: [string, Record<string, unknown>][] = [
      ['Followed', follow('x1', 'o')],
      ['Followed', follow('x2', 'o')],
      ['Followed', follow('b', 'x1')],
      ['Followed', follow('x1', 'b')],
      // b (refusing strangers) follows x1 by now: x1's move notifies b.
      ['MoveFollowersListed', listed('m5', 'x1', ['b'])],
      ['Unfollowed', unfollow('x1', 'o')],
      ['Followed', follow('x2', 'b')],
      ['Unfollowed', unfollow('x2', 'o')],
      ['Followed', follow('c', 'a')],
      ['Unfollowed', unfollow('c', 'a')],
      ['Followed', follow('c', 'a')],
      ['Followed', follow('d', 'a')],
      ['FollowRequested', follow('x3', 'e')],
      ['Unfollowed', unfollow('x4', 'x5')],
      ['Followed', follow('x6', 'x7')],
      ['Unfollowed', unfollow('x6', 'x7')],
      ['Blocked', { blockerId: 'x7', blockedId: 'x1' }],
      ['Followed', follow('x1', 'x7')],
      ['Unfollowed', unfollow('b', 'x1')],
      ['Followed', follow('x8', 'b')],
      // Moves list followers, several chunks in a row: b refuses the stranger o; a mutes c keeping
      // notifications (seen) and blocked d (nothing); x1 appears in two chunks of one move (notified once).
      ['MoveFollowersListed', listed('m2', 'o', ['x1', 'x2', 'b', 'x3'])],
      ['MoveFollowersListed', listed('m2', 'o', ['x1', 'x9'])],
      ['MoveFollowersListed', listed('m3', 'c', ['a', 'x6'])],
      ['MoveFollowersListed', listed('m4', 'd', ['a', 'x2'])],
      ['Unfollowed', unfollow('x2', 'b')],
    ];
    const events = [...recorded, ...run.map(([type, data], i) => at(i, type, data))];
    for (const batchSize of [500, 4]) {
      const [notifications, , , accounts] = await expectBatchesLikeOneByOne(
        database.db,
        notificationsProjector,
        events,
        { orderBy: [1, 2], batchSize, prefix: `b${batchSize}` },
      );
      // c's move reached a already seen (a mutes c, keeping notifications): a's marker was read up to it.
      const seenMove = notifications!.find((n) => n.account_id === 'a' && n.type === 'move');
      expect(seenMove).toMatchObject({ actor_id: 'c', seen: true });
      expect(accounts!.find((row) => row.account_id === 'a').marker_last_read_id).toBe(seenMove.id);
    }
  });
});
