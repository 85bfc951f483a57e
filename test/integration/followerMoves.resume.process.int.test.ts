import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleCommand } from '../../src/commands/handleCommand.js';
import { accountDecider, accountStream } from '../../src/domain/account/index.js';
import { moveStream } from '../../src/domain/move/index.js';
import { relationshipStream } from '../../src/domain/relationship/index.js';
import { eventId } from '../../src/domain/shared/ids.js';
import type { NewEvent } from '../../src/eventstore/eventStore.js';
import { RELATIONSHIPS_PROJECTOR } from '../../src/projections/relationships/projector.js';
import { followCounts } from '../../src/projections/relationships/queries.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testContext } from '../helpers/context.js';
import { instrumentedStore } from '../helpers/crashingStore.js';
import { crashSignal, followerMoves } from '../helpers/followerMoves.js';
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
const { logLines, engineWith, requestMove, runToEnd } = followerMoves(() => t);

/** True on the n-th append that unfollows someone. */
function unfollowNumber(n: number) {
  let unfollows = 0;
  return (_stream: string, events: readonly NewEvent[]) =>
    events.some((event) => event.type === 'Unfollowed') && ++unfollows === n;
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
    await runToEnd(second);

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
});
