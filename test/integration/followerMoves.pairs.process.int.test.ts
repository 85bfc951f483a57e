import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relate } from '../../src/commands/relationships/index.js';
import { type RelationshipCommand, relationshipStream } from '../../src/domain/relationship/index.js';
import type { EventStore, NewEvent } from '../../src/eventstore/eventStore.js';
import { RELATIONSHIPS_PROJECTOR } from '../../src/projections/relationships/projector.js';
import { followCounts, subscriberIds } from '../../src/projections/relationships/queries.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testContext } from '../helpers/context.js';
import { instrumentedStore } from '../helpers/crashingStore.js';
import { crashSignal, followerMoves } from '../helpers/followerMoves.js';
import { lastPosition, seedAccounts, seedFollows, storedEvents } from '../helpers/relationships.js';

// How a move treats each pair: which it reads, which it appends in one go, and what a crash mid-chunk leaves.
// A move of many followers over several chunks is in followerMoves.resume.process.int.test.ts.
let t: TestApp;
const { engineWith, requestMove, runToEnd } = followerMoves(() => t);

beforeAll(async () => {
  t = await createTestApp({ processes: () => [] });
});
afterAll(() => t.close());

describe('the follower-moves process', () => {
  it('unfollows the origin without reading a follow-only pair, and reads the pairs with more history', async () => {
    const [origin, target] = await seedAccounts(t, ['origin2', 'target2']);
    const [plain, alsoPlain, subscribed, refollowed] = await seedAccounts(t, ['p1', 'p2', 's1', 'r1']);
    await seedFollows(t, [plain!, alsoPlain!, subscribed!, refollowed!], origin!);
    const on = (actorId: string, command: object) =>
      relate(t.deps, { actorId, targetId: origin!, ...command } as RelationshipCommand, testContext(actorId));
    await on(subscribed!, { type: 'Subscribe', targetNickname: 'origin2' });
    await on(refollowed!, { type: 'Unfollow' });
    await on(refollowed!, { type: 'Follow', targetNickname: 'origin2', targetLocked: false });
    await t.engine.waitFor([RELATIONSHIPS_PROJECTOR], await lastPosition(t));

    const reads: string[] = [];
    const { store } = instrumentedStore(t.deps.eventStore);
    const counting: EventStore = {
      ...store,
      readStream: (stream, options) => {
        reads.push(stream);
        return store.readStream(stream, options);
      },
    };
    await requestMove(origin!, target!);
    const engine = engineWith(counting);
    await runToEnd(engine);

    const followers = [plain!, alsoPlain!, subscribed!, refollowed!];
    const originPairs = followers.map((id) => relationshipStream(id, origin!));
    // A follow-only pair at revision 0 is unfollowed blind; the others are read and decided as usual.
    expect(new Set(reads.filter((stream) => originPairs.includes(stream)))).toEqual(
      new Set([relationshipStream(subscribed!, origin!), relationshipStream(refollowed!, origin!)]),
    );
    const ended = (await storedEvents(t, ['Unfollowed', 'SubscriptionRemoved'])).filter(
      (e) => e.data.followedId === origin || e.data.targetId === origin,
    );
    expect(ended.map((e) => [e.type, e.data.followerId ?? e.data.subscriberId]).sort()).toEqual(
      [
        ['SubscriptionRemoved', subscribed],
        ['Unfollowed', alsoPlain],
        ['Unfollowed', plain],
        ['Unfollowed', refollowed],
        ['Unfollowed', refollowed],
        ['Unfollowed', subscribed],
      ].sort(),
    );
    await t.engine.waitFor([RELATIONSHIPS_PROJECTOR], await lastPosition(t));
    const counts = await followCounts(t.deps.db, [origin!, target!]);
    expect([counts.get(origin!)?.followers, counts.get(target!)?.followers]).toEqual([0, 4]);
    expect(await subscriberIds(t.deps.db, origin!)).toEqual([]);
  });

  it('moves a chunk in one append, sends a follower already following the target the one-by-one way, and appends nothing again after a crash', async () => {
    const [origin, target] = await seedAccounts(t, ['origin3', 'target3']);
    const followers = await seedAccounts(
      t,
      Array.from({ length: 20 }, (_, i) => `m${i}`),
    );
    const already = followers[7]!;
    await seedFollows(t, followers, origin!);
    await relate(
      t.deps,
      { type: 'Follow', actorId: already, targetId: target!, targetNickname: 'target3', targetLocked: false },
      testContext(already),
    );
    await requestMove(origin!, target!);
    const countOf = async () => (await storedEvents(t, ['Followed', 'Unfollowed'])).length;

    // The chunk's pairs are written; the process dies before recording the chunk done.
    const { crash, crashed } = crashSignal();
    const chunkDone = (_stream: string, events: readonly NewEvent[]) =>
      events.some((event) => event.type === 'MoveChunkCompleted');
    const first = engineWith(
      instrumentedStore(t.deps.eventStore, { crashOn: chunkDone, onCrash: crashed }).store,
    );
    await first.start();
    await crash;
    await first.stop();
    const afterCrash = await countOf();

    const multi: number[] = [];
    const { store } = instrumentedStore(t.deps.eventStore);
    const counting: EventStore = {
      ...store,
      appendToStreams: (requests) => {
        multi.push(requests.length);
        return store.appendToStreams(requests);
      },
    };
    const second = engineWith(counting);
    await runToEnd(second);

    // The retried chunk appended the same events again: nothing new.
    expect(await countOf()).toBe(afterCrash);
    expect(multi.length).toBeGreaterThan(0);
    const events = await storedEvents(t, ['Followed', 'Unfollowed']);
    const ofTarget = events.filter((e) => e.type === 'Followed' && e.data.followedId === target);
    const leftOrigin = events.filter((e) => e.type === 'Unfollowed' && e.data.followedId === origin);
    for (const moves of [ofTarget, leftOrigin]) {
      expect(moves.map((e) => e.data.followerId).sort()).toEqual([...followers].sort());
    }
    await t.engine.waitFor([RELATIONSHIPS_PROJECTOR], await lastPosition(t));
    const counts = await followCounts(t.deps.db, [origin!, target!]);
    expect([counts.get(origin!)?.followers, counts.get(target!)?.followers]).toEqual([0, 20]);
  });
});
