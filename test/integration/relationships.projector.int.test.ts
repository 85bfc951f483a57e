import { describe, expect, it } from 'vitest';
import { idAtTime } from '../../src/domain/shared/ids.js';
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
import {
  a,
  authorizedAt,
  b,
  c,
  d,
  e,
  g,
  h,
  relationshipsHistory,
  s1,
  s2,
  s4,
} from '../helpers/relationshipsProjector.js';

const page = { limit: 20 };

// The history is in helpers/relationshipsProjector.ts; replays and batches are in
// relationships.replay.projector.int.test.ts.
describe('relationships projector', () => {
  const history = relationshipsHistory();

  it('answers the Relationship facts of a viewer with several accounts at once', async () => {
    await history.applyAll();
    const relationships = await relationshipsOf(history.db, a, [b, c, d, e]);
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
    expect((await relationshipsOf(history.db, d, [c])).get(c)).toMatchObject({
      requested: true,
      blocking: false,
    });
  });

  it('counts followers, following and pending requests', async () => {
    const counts = await followCounts(history.db, [a, b, c, '99']);
    expect(counts.get(a)).toEqual({ followers: 1, following: 1, followRequests: 0 });
    expect(counts.get(b)).toEqual({ followers: 2, following: 1, followRequests: 0 });
    expect(counts.get(c)).toEqual({ followers: 0, following: 1, followRequests: 1 });
    expect(counts.get('99')).toEqual({ followers: 0, following: 0, followRequests: 0 });
  });

  it('lists followers, following, requests, blocks and mutes newest account first', async () => {
    expect(await followerIdsPage(history.db, b, page)).toEqual([c, a]);
    expect(await followerIdsPage(history.db, b, { ...page, maxId: c })).toEqual([a]);
    expect(await followingIdsPage(history.db, a, page)).toEqual([b]);
    expect(await followRequestIdsPage(history.db, c, page)).toEqual([d]);
    expect(await blockedIdsPage(history.db, a, page)).toEqual([d]);
    expect(await mutesPage(history.db, a, page)).toEqual([{ id: c, expiresAt: null }]);
  });

  it('answers the small questions other areas ask', async () => {
    expect(await isFollowing(history.db, c, b)).toBe(true);
    expect(await isFollowing(history.db, d, c)).toBe(false);
    expect(await subscriberIds(history.db, b)).toEqual([a]);
    expect(await blockedEitherWay(history.db, d, [a, b, c])).toEqual(new Set([a]));
    expect(await mutedBy(history.db, a, [b, c, d])).toEqual(new Set([c]));
    expect(await mutedBy(history.db, a, [c], { notificationsOnly: true })).toEqual(new Set());
    expect(await movedTargets(history.db, [a, b])).toEqual(new Map([[b, c]]));
  });

  it('starts home at the moment a request was authorized, and lists followers as of a position', async () => {
    const row = await history.db('follows').where({ follower_id: c, followed_id: b }).first();
    expect(row.home_since_id).toBe(idAtTime(new Date(authorizedAt)));
    const moved = history.recorded.find((event) => event.type === 'Moved')!;
    expect(await followerIdsBefore(history.db, b, moved.position, { limit: 10 })).toEqual([a, c]);
    expect(await followerIdsBefore(history.db, b, moved.position, { afterId: a, limit: 10 })).toEqual([c]);
    expect(await followerIdsBefore(history.db, a, history.recorded[0]!.position, { limit: 10 })).toEqual([]);
  });

  it('writes each status into the feeds that show it, and takes it out as follows end and statuses go', async () => {
    const feed = async (accountId: string) =>
      (await history.db('home_feed').where('account_id', accountId).orderBy('status_id')).map((row) => [
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
    expect(await history.db('home_feed').where('author_id', e).orWhere('account_id', e)).toEqual([]);
  });
});
