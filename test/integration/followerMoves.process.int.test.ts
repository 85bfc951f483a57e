import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/commands/handleCommand.js';
import { relate } from '../../src/commands/relationships/index.js';
import { accountDecider, accountStream } from '../../src/domain/account/index.js';
import { moveStream } from '../../src/domain/move/index.js';
import { type RelationshipCommand, relationshipStream } from '../../src/domain/relationship/index.js';
import { eventId } from '../../src/domain/shared/ids.js';
import type { EventStore, NewEvent } from '../../src/eventstore/eventStore.js';
import { FOLLOWER_MOVES, followerMovesProcess } from '../../src/processes/followerMoves.js';
import { processCheckpointName } from '../../src/processes/process.js';
import { createProcessEngine, type ProcessEngine } from '../../src/processes/runner.js';
import { RELATIONSHIPS_PROJECTOR } from '../../src/projections/relationships/projector.js';
import { followCounts, subscriberIds } from '../../src/projections/relationships/queries.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testContext } from '../helpers/context.js';
import { instrumentedStore } from '../helpers/crashingStore.js';
import { lastPosition, seedAccounts, seedFollows, storedEvents } from '../helpers/relationships.js';

/** Three listed chunks of 500, 500 and 200. */
const FOLLOWERS = 1200;
const STAYING = 10;
/** The first run "crashes" on this unfollow of the origin: that follower already follows the target. */
const CRASH_AT_UNFOLLOW = 700;

let t: TestApp;
let originId: string;
let targetId: string;
let followerIds: string[];
const logLines: string[] = [];

/** True on the n-th append that unfollows someone. */
function unfollowNumber(n: number) {
  let unfollows = 0;
  return (_stream: string, events: readonly NewEvent[]) =>
    events.some((event) => event.type === 'Unfollowed') && ++unfollows === n;
}

function engineWith(store: EventStore): ProcessEngine {
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _encoding, done) {
        logLines.push(JSON.parse(String(chunk)).msg);
        done();
      },
    }),
  );
  const deps = { ...t.deps, eventStore: store, logger };
  return createProcessEngine({
    db: t.deps.db,
    eventStore: t.deps.eventStore,
    logger: t.deps.logger,
    processes: [followerMovesProcess(deps)],
  });
}

/** move_account's command on the origin's stream, as the API issues it; answers the command's context. */
async function requestMove(origin: string, target: string) {
  const context = testContext(origin);
  const command = { type: 'MoveAccount', targetAccountId: target } as const;
  await handleCommand(t.deps.eventStore, accountStream(origin), accountDecider, command, context);
  return context;
}

/** A promise that settles when the instrumented store crashes, and the callback that settles it. */
function crashSignal() {
  let crashed!: () => void;
  const crash = new Promise<void>((resolve) => {
    crashed = resolve;
  });
  return { crash, crashed };
}

beforeAll(async () => {
  t = await createTestApp({ processes: () => [] });
  [originId, targetId] = await seedAccounts(t, ['origin', 'target']);
  followerIds = await seedAccounts(
    t,
    Array.from({ length: FOLLOWERS }, (_, i) => `follower${i}`),
  );
  await seedFollows(t, followerIds, originId!);
  // The last few do not allow being moved (update_credentials' allow_following_move).
  for (const id of followerIds.slice(-STAYING)) {
    const command = { type: 'UpdateProfile', changes: { allowFollowingMove: false } } as const;
    await handleCommand(t.deps.eventStore, accountStream(id), accountDecider, command, testContext(id));
  }
  await t.engine.waitFor(['accounts'], await lastPosition(t));
});
afterAll(() => t.close());

describe('the follower-moves process', () => {
  it('resumes a crashed move and moves every follower that allows it exactly once', async () => {
    const context = await requestMove(originId, targetId);
    // A move is named by its Moved event's id (stream move-<id>), derived from the command id.
    const moveId = eventId(context.commandId, 0);

    const { crash, crashed } = crashSignal();
    const first = engineWith(
      instrumentedStore(t.deps.eventStore, { crashOn: unfollowNumber(CRASH_AT_UNFOLLOW), onCrash: crashed })
        .store,
    );
    await first.start();
    await crash;
    await first.stop();
    const stopped = (await t.deps.eventStore.readStream(moveStream(moveId))).map((e) => e.type);
    expect(stopped).toEqual([...Array(3).fill('MoveFollowersListed'), 'MoveChunkCompleted']);

    const { store, read } = instrumentedStore(t.deps.eventStore);
    const second = engineWith(store);
    await second.start();
    try {
      await second.waitFor([processCheckpointName(FOLLOWER_MOVES)], await lastPosition(t));
    } finally {
      await second.stop();
    }

    const movable = followerIds.slice(0, FOLLOWERS - STAYING);
    const events = await storedEvents(t, ['Followed', 'Unfollowed']);
    const ofTarget = events.filter((e) => e.type === 'Followed' && e.data.followedId === targetId);
    const leftOrigin = events.filter((e) => e.type === 'Unfollowed' && e.data.followedId === originId);
    for (const moves of [ofTarget, leftOrigin]) {
      expect(moves).toHaveLength(movable.length);
      expect(new Set(moves.map((e) => e.data.followerId))).toEqual(new Set(movable));
    }
    // Chunk 0 was recorded done before the crash: the restart read none of its pairs again.
    const again = followerIds.slice(0, 500).filter((id) => read.has(relationshipStream(id, targetId)));
    expect(again).toEqual([]);
    const history = await t.deps.eventStore.readStream(moveStream(moveId));
    expect(history.at(-1)).toMatchObject({
      type: 'MoveCompleted',
      data: { originId, targetId, moved: movable.length, skipped: STAYING },
    });
    await t.engine.waitFor([RELATIONSHIPS_PROJECTOR], await lastPosition(t));
    const counts = await followCounts(t.deps.db, [originId, targetId]);
    expect([counts.get(originId)?.followers, counts.get(targetId)?.followers]).toEqual([
      STAYING,
      movable.length,
    ]);
    expect(logLines).toContain(`moved 1000 of ${FOLLOWERS} followers`);
    expect(logLines).toContain(`moved ${FOLLOWERS} of ${FOLLOWERS} followers`);
  });

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
    await engine.start();
    try {
      await engine.waitFor([processCheckpointName(FOLLOWER_MOVES)], await lastPosition(t));
    } finally {
      await engine.stop();
    }

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
    await second.start();
    try {
      await second.waitFor([processCheckpointName(FOLLOWER_MOVES)], await lastPosition(t));
    } finally {
      await second.stop();
    }

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
