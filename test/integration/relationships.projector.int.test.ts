import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountEvent } from '../../src/domain/account/index.js';
import { type RelationshipEvent, relationshipStream } from '../../src/domain/relationship/index.js';
import { idAtTime } from '../../src/domain/shared/ids.js';
import type { StatusEvent, Visibility } from '../../src/domain/status/events.js';
import type { EventStore, RecordedEvent } from '../../src/eventstore/eventStore.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import { liveTables, type ProjectionTables } from '../../src/projections/projector.js';
import { relationshipsProjector } from '../../src/projections/relationships/projector.js';
import {
  blockedEitherWay,
  blockedIdsPage,
  followCounts,
  followerIdsBefore,
  followerIdsPage,
  followingIdsPage,
  followRequestIdsPage,
  isFollowing,
  movedTargets,
  mutedBy,
  mutesPage,
  relationshipsOf,
  subscriberIds,
} from '../../src/projections/relationships/queries.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { testMetadata } from '../helpers/events.js';
import {
  appendHistory,
  applyEvents,
  expectBatchesLikeOneByOne,
  expectSameRowsOnReplay,
  recordedUpTo,
  snapshotTables,
} from '../helpers/projectors.js';

const [a, b, c, d, e, f] = ['1', '2', '3', '4', '5', '6'];
const page = { limit: 20, offset: 0 };
const past = '2020-01-01T00:00:00.000Z';
const authorizedAt = '2025-03-01T10:00:00.000Z';

type Event = RelationshipEvent | AccountEvent | StatusEvent;
const follow = (type: RelationshipEvent['type'], followerId: string, followedId: string, extra = {}) =>
  ({ type, data: { followerId, followedId, ...extra } }) as RelationshipEvent;
const block = (type: 'Blocked' | 'Unblocked', blockerId: string, blockedId: string): Event => ({
  type,
  data: { blockerId, blockedId },
});
const mute = (muterId: string, mutedId: string, notifications: boolean, expiresAt: string | null): Event => ({
  type: 'Muted',
  data: { muterId, mutedId, notifications, expiresAt },
});
const subscription = (
  type: 'SubscriptionAdded' | 'SubscriptionRemoved',
  subscriberId: string,
  targetId: string,
) => ({ type, data: { subscriberId, targetId } }) as Event;

const posted = (
  statusId: string,
  accountId: string,
  visibility: Visibility,
  addressed: string[] = [],
): Event => ({
  type: 'StatusPosted',
  data: {
    statusId,
    objectId: `object-${statusId}`,
    accountId,
    visibility,
    text: 'hello',
    contentHtml: 'hello',
    spoilerText: '',
    sensitive: false,
    inReplyToId: null,
    inReplyToAccountId: null,
    mentions: addressed.map((id) => ({ accountId: id, nickname: `user${id}` })),
    tags: [],
    language: null,
    context: `context-${statusId}`,
    postedAt: new Date().toISOString(),
    application: null,
    mediaIds: [],
    emojis: [],
  },
});

// Home feeds: g follows h, then stops; statuses posted (ids from a minute ahead, so after every follow here).
const [g, h] = ['7', '8'];
const [s1, s2, s3, s4] = [1n, 2n, 3n, 4n].map((n) =>
  (BigInt(idAtTime(new Date(Date.now() + 60_000))) + n).toString(),
);

/** [stream, event, time] in order. */
const history: [string, Event, string?][] = [
  [relationshipStream(a, b), follow('Followed', a, b, { showingReblogs: true })],
  [relationshipStream(c, b), follow('FollowRequested', c, b, { showingReblogs: true })],
  [relationshipStream(c, b), follow('FollowRequestAuthorized', c, b), authorizedAt],
  [relationshipStream(b, a), follow('Followed', b, a, { showingReblogs: true })],
  [relationshipStream(a, b), follow('ShowingReblogsChanged', a, b, { showingReblogs: false })],
  [relationshipStream(d, b), follow('Followed', d, b, { showingReblogs: true })],
  [relationshipStream(d, b), follow('Unfollowed', d, b)],
  [relationshipStream(d, a), follow('FollowRequested', d, a, { showingReblogs: true })],
  [relationshipStream(d, a), follow('FollowRequestCancelled', d, a)],
  [relationshipStream(c, a), follow('FollowRequested', c, a, { showingReblogs: true })],
  [relationshipStream(c, a), follow('FollowRequestRejected', c, a)],
  [relationshipStream(d, c), follow('FollowRequested', d, c, { showingReblogs: true })],
  [relationshipStream(a, d), block('Blocked', a, d)],
  [relationshipStream(d, c), block('Blocked', d, c)],
  [relationshipStream(d, c), block('Unblocked', d, c)],
  [relationshipStream(a, c), mute(a, c, false, null)],
  [relationshipStream(a, d), mute(a, d, true, past)],
  [relationshipStream(b, c), mute(b, c, true, null)],
  [relationshipStream(b, c), { type: 'Unmuted', data: { muterId: b, mutedId: c } }],
  [relationshipStream(a, b), subscription('SubscriptionAdded', a, b)],
  [relationshipStream(c, b), subscription('SubscriptionAdded', c, b)],
  [relationshipStream(c, b), subscription('SubscriptionRemoved', c, b)],
  // f and a follow each other until f blocks a: the block's decision ends both follows.
  [relationshipStream(f, a), follow('Followed', f, a, { showingReblogs: true })],
  [relationshipStream(f, a), follow('Followed', a, f, { showingReblogs: true })],
  [relationshipStream(f, a), block('Blocked', f, a)],
  [relationshipStream(f, a), follow('Unfollowed', f, a)],
  [relationshipStream(f, a), follow('Unfollowed', a, f)],
  [`account-${b}`, { type: 'Moved', data: { accountId: b, targetAccountId: c } }],
  // An account with relationships of all kinds, then deleted: nothing of it stays.
  [relationshipStream(e, a), follow('Followed', e, a, { showingReblogs: true })],
  [relationshipStream(e, b), block('Blocked', e, b)],
  [relationshipStream(e, c), mute(e, c, true, null)],
  [relationshipStream(a, e), subscription('SubscriptionAdded', a, e)],
  [`account-${e}`, { type: 'AccountDeleted', data: { accountId: e, nickname: 'e', emailIndex: null } }],
  [relationshipStream(g, h), follow('Followed', g, h, { showingReblogs: true })],
  [`status-${s1}`, posted(s1!, h, 'public')],
  [`status-${s2}`, posted(s2!, h, 'direct', [g])],
  [`status-${s3}`, posted(s3!, h, 'private', [g])],
  [relationshipStream(g, h), follow('Unfollowed', g, h)],
  [`status-${s4}`, posted(s4!, h, 'public')],
  [`status-${s3}`, { type: 'StatusDeleted', data: { statusId: s3!, accountId: h } }],
];

/**
 * Expects follow_counts (none without a row) to hold what counting `follows` gives, for every account in
 * either table.
 */
async function expectCountsAsFollows(db: Knex, tables: ProjectionTables = liveTables) {
  const [follows, counts] = [tables.table('follows'), tables.table('follow_counts')];
  const { rows } = await db.raw(
    `select x.id,
       json_build_array(coalesce(c.followers, 0), coalesce(c.following, 0), coalesce(c.follow_requests, 0)) as kept,
       json_build_array(
         (select count(*) from ?? f where f.followed_id = x.id and not f.pending),
         (select count(*) from ?? f where f.follower_id = x.id and not f.pending),
         (select count(*) from ?? f where f.followed_id = x.id and f.pending)) as counted
     from (select follower_id as id from ?? union select followed_id from ?? union select account_id from ??) x
     left join ?? c on c.account_id = x.id`,
    [follows, follows, follows, follows, follows, counts, counts],
  );
  for (const row of rows as { id: string; kept: number[]; counted: number[] }[]) {
    expect({ id: row.id, counts: row.kept }).toEqual({ id: row.id, counts: row.counted });
  }
}

describe('relationships projector', () => {
  let database: TestDatabase;
  let store: EventStore;
  let recorded: RecordedEvent[];

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createPostgresEventStore(database.db);
    const last = await appendHistory(store, 'relationships-test', history, {
      time: (i) => history[i]![2] ?? new Date().toISOString(),
    });
    recorded = await recordedUpTo(store, last);
    await relationshipsProjector.createTables(database.db, liveTables);
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  const applyAll = () => applyEvents(database.db, [relationshipsProjector], recorded);
  const snapshot = () => snapshotTables(database.db, relationshipsProjector.tables, [1, 2]);

  it('answers the Relationship facts of a viewer with several accounts at once', async () => {
    await applyAll();
    const relationships = await relationshipsOf(database.db, a, [b, c, d, e]);
    expect(relationships.get(b)).toEqual({
      following: true,
      followedBy: true,
      requested: false,
      showingReblogs: false,
      blocking: false,
      blockedBy: false,
      muting: false,
      mutingNotifications: false,
      subscribing: true,
    });
    expect(relationships.get(c)).toMatchObject({
      muting: true,
      mutingNotifications: false,
      followedBy: false,
    });
    // The mute of d ended in the past: it no longer counts.
    expect(relationships.get(d)).toMatchObject({ blocking: true, muting: false });
    expect(relationships.get(e)).toMatchObject({ followedBy: false, subscribing: false, blockedBy: false });
    expect((await relationshipsOf(database.db, d, [c])).get(c)).toMatchObject({
      requested: true,
      blocking: false,
    });
  });

  it('counts followers, following and pending requests', async () => {
    const counts = await followCounts(database.db, [a, b, c, '99']);
    expect(counts.get(a)).toEqual({ followers: 1, following: 1, followRequests: 0 });
    expect(counts.get(b)).toEqual({ followers: 2, following: 1, followRequests: 0 });
    expect(counts.get(c)).toEqual({ followers: 0, following: 1, followRequests: 1 });
    expect(counts.get('99')).toEqual({ followers: 0, following: 0, followRequests: 0 });
  });

  it('keeps the follow counts equal to counting the follows after every event, and forgets a deleted account', async () => {
    const tables: ProjectionTables = { table: (name) => `each_${name}` };
    await relationshipsProjector.createTables(database.db, tables);
    for (const event of recorded) {
      await applyEvents(database.db, [relationshipsProjector], [event], tables);
      await expectCountsAsFollows(database.db, tables);
    }
    const deleted = await database.db(tables.table('follow_counts')).where({ account_id: e });
    expect(deleted).toEqual([]);
    expect((await followCounts(database.db, [f])).get(f)).toEqual({
      followers: 0,
      following: 0,
      followRequests: 0,
    });
  });

  it('lists followers, following, requests, blocks and mutes newest account first', async () => {
    expect(await followerIdsPage(database.db, b, page)).toEqual([c, a]);
    expect(await followerIdsPage(database.db, b, { ...page, maxId: c })).toEqual([a]);
    expect(await followingIdsPage(database.db, a, page)).toEqual([b]);
    expect(await followRequestIdsPage(database.db, c, page)).toEqual([d]);
    expect(await blockedIdsPage(database.db, a, page)).toEqual([d]);
    expect(await mutesPage(database.db, a, page)).toEqual([{ id: c, expiresAt: null }]);
  });

  it('answers the small questions other areas ask', async () => {
    expect(await isFollowing(database.db, c, b)).toBe(true);
    expect(await isFollowing(database.db, d, c)).toBe(false);
    expect(await subscriberIds(database.db, b)).toEqual([a]);
    expect(await blockedEitherWay(database.db, d, [a, b, c])).toEqual(new Set([a]));
    expect(await mutedBy(database.db, a, [b, c, d])).toEqual(new Set([c]));
    expect(await mutedBy(database.db, a, [c], { notificationsOnly: true })).toEqual(new Set());
    expect(await movedTargets(database.db, [a, b])).toEqual(new Map([[b, c]]));
  });

  it('starts home at the moment a request was authorized, and lists followers as of a position', async () => {
    const row = await database.db('follows').where({ follower_id: c, followed_id: b }).first();
    expect(row.home_since_id).toBe(idAtTime(new Date(authorizedAt)));
    const moved = recorded.find((event) => event.type === 'Moved')!;
    expect(await followerIdsBefore(database.db, b, moved.position, { limit: 10 })).toEqual([a, c]);
    expect(await followerIdsBefore(database.db, b, moved.position, { afterId: a, limit: 10 })).toEqual([c]);
    expect(await followerIdsBefore(database.db, a, recorded[0]!.position, { limit: 10 })).toEqual([]);
  });

  it('writes each status into the feeds that show it, and takes it out as follows end and statuses go', async () => {
    const feed = async (accountId: string) =>
      (await database.db('home_feed').where('account_id', accountId).orderBy('status_id')).map((row) => [
        String(row.status_id),
        row.addressed,
      ]);
    // h's own; g kept only the direct one addressed to it once the follow ended (s3 was deleted).
    expect(await feed(h)).toEqual([
      [s1, false],
      [s2, false],
      [s4, false],
    ]);
    expect(await feed(g)).toEqual([[s2, true]]);
    expect(await database.db('home_feed').where('author_id', e).orWhere('account_id', e)).toEqual([]);
  });

  it('leaves the same rows when the history is replayed, twice', async () => {
    await expectSameRowsOnReplay(snapshot, applyAll);
    await expectCountsAsFollows(database.db);
  });

  it('leaves the same rows applying batches at once as applying their events one by one', async () => {
    const end = recorded.at(-1)!.position;
    const time = new Date().toISOString();
    const at = (i: number, stream: string, event: Event): RecordedEvent => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      type: event.type,
      data: event.data as Record<string, unknown>,
      metadata: testMetadata(time),
      stream,
      revision: 0,
      position: end + BigInt(i + 1),
    });
    // A move's run (follow the target, unfollow the origin) with a pair followed, unfollowed and requested
    // again, an unfollow of a pair without a row, and an authorization breaking the run.
    const [x, y] = ['10', '11'];
    const moveLike: Event[] = [
      ...['20', '21', '22'].flatMap((f) => [
        follow('Followed', f, x, { showingReblogs: true }),
        follow('Unfollowed', f, y),
      ]),
      follow('Followed', '23', x, { showingReblogs: false }),
      follow('Unfollowed', '23', x),
      follow('FollowRequested', '23', x, { showingReblogs: true }),
      follow('Unfollowed', '24', y),
      follow('FollowRequestAuthorized', '23', x),
      follow('Followed', '25', y, { showingReblogs: true }),
      follow('FollowRequestCancelled', '25', y),
      follow('Followed', '25', y, { showingReblogs: true }),
    ];
    const before = ['20', '21', '22'].map((f, i) =>
      at(i, relationshipStream(f, y), follow('Followed', f, y, { showingReblogs: true })),
    );
    const events = [
      ...recorded,
      ...before,
      ...moveLike.map((event, i) => at(before.length + i, `pair-${i}`, event)),
    ];
    for (const batchSize of [500, 5]) {
      await expectBatchesLikeOneByOne(database.db, relationshipsProjector, events, {
        orderBy: [1, 2],
        batchSize,
        prefix: `b${batchSize}`,
      });
      await expectCountsAsFollows(database.db, { table: (name) => `b${batchSize}_batch_${name}` });
    }
  });
});
