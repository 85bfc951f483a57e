import { assumedAppend, followCommand, relate } from '../commands/relationships/index.js';
import type { Moved } from '../domain/account/index.js';
import type { RelationshipEvent } from '../domain/relationship/index.js';
import { DomainError } from '../domain/shared/errors.js';
import {
  type AppendRequest,
  type RecordedEvent,
  WrongExpectedVersionError,
} from '../eventstore/eventStore.js';
import type { AccountRecord } from '../projections/accounts/queries.js';
import type { FollowerMovesDeps } from './followerMoves.js';
import { forEachLimited } from './pool.js';
import type { processContext } from './process.js';

/** Followers moved at once on the one-by-one path: each is two small appends on two independent pair streams. */
const CONCURRENCY = 8;
/** Conflicts a chunk's batch takes (each sends its follower the one-by-one way) before the rest goes that way too. */
const MAX_BATCH_CONFLICTS = 10;

type Event = RecordedEvent & Moved;
export type Step = (name: string) => ReturnType<typeof processContext>;

/**
 * The usual history of a listed follower's pair with the origin, so the unfollow need not read it: the listing
 * saw the follower following the origin (a follows row, not pending, which only the follower's Followed puts
 * there, or a request and its authorization: two events), so a pair stream still at revision 0 holds exactly
 * this Followed. `showingReblogs` is a guess an unfollow never reads. A longer history falls back to reading.
 */
const followOnly = (followerId: string, followedId: string): RelationshipEvent[] => [
  { type: 'Followed', data: { followerId, followedId, showingReblogs: true } },
];

const followContext = (step: Step, follower: string) => step(`follow-${follower}`);
const unfollowContext = (step: Step, follower: string) => step(`unfollow-${follower}`);

/**
 * One follower, as Pleroma's move_following: follow the target, then unfollow the origin. A refused follow
 * (the target blocks them) still ends the origin's follow, as Pleroma deletes it before it tries the new one;
 * that follower counts as not moved. Both commands have ids derived from the Moved event and the follower,
 * and both are no-ops once done: a crash between or after them resumes exactly.
 */
async function moveFollower(
  deps: FollowerMovesDeps,
  event: Event,
  follower: string,
  target: AccountRecord,
  step: Step,
) {
  let followed = true;
  try {
    await relate(deps, followCommand(follower, target), followContext(step, follower), { newPair: true });
  } catch (error) {
    if (!(error instanceof DomainError && error.status !== 409)) throw error;
    followed = false;
  }
  const originId = event.data.accountId;
  const unfollow = { type: 'Unfollow', actorId: follower, targetId: originId } as const;
  try {
    await relate(deps, unfollow, unfollowContext(step, follower), {
      assumedHistory: followOnly(follower, originId),
    });
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'not_following')) throw error;
  }
  return followed;
}

/**
 * moveFollower's two appends for a follower whose pairs look as usual (none with the target, a follow-only one
 * with the origin), decided without reading: undefined for anyone else. Same command ids, so the events are
 * the same whichever path appends them, and either path repeats the other's idempotently.
 */
function plannedMove(event: Event, follower: string, target: AccountRecord, step: Step) {
  const originId = event.data.accountId;
  const follow = assumedAppend(followCommand(follower, target), followContext(step, follower), []);
  const unfollow = assumedAppend(
    { type: 'Unfollow', actorId: follower, targetId: originId },
    unfollowContext(step, follower),
    followOnly(follower, originId),
  );
  if (!follow || !unfollow) return undefined;
  const request = ({ stream, events, expected }: AppendRequest): AppendRequest => ({
    stream,
    events,
    expected,
  });
  return [request(follow), request(unfollow)];
}

/** A chunk's appends decided without reading (plannedMove), and the followers that must go one by one. */
export interface ChunkPlan {
  planned: Map<string, AppendRequest[]>;
  oneByOne: string[];
}

/** Decides a chunk's appends: pure CPU work, done for the next chunk while this one's append is under way. */
export function planChunk(
  event: Event,
  followers: readonly string[],
  target: AccountRecord,
  step: Step,
): ChunkPlan {
  const planned = new Map<string, AppendRequest[]>();
  const oneByOne: string[] = [];
  for (const follower of followers) {
    const requests = plannedMove(event, follower, target, step);
    if (requests) planned.set(follower, requests);
    else oneByOne.push(follower);
  }
  return { planned, oneByOne };
}

/**
 * A chunk's followers, as moveFollower would move them one by one, in one atomic append (follow the target,
 * then unfollow the origin, per follower, in the log's order): 2 × 500 pair appends cost one commit instead of
 * a thousand. A conflict names a stream: its follower goes the one-by-one way (an unusual history, a follow of
 * the target already, a block) and the rest is tried again. A retried chunk (a crash before it was recorded)
 * gets the original results: nothing is appended twice. Answers how many followers were moved.
 */
export async function moveChunk(
  deps: FollowerMovesDeps,
  event: Event,
  plan: ChunkPlan,
  target: AccountRecord,
  step: Step,
): Promise<number> {
  const planned = new Map(plan.planned);
  const oneByOne = [...plan.oneByOne];
  const followerOf = new Map(
    [...planned].flatMap(([follower, requests]) => requests.map((r) => [r.stream, follower] as const)),
  );
  let moved = 0;
  for (let conflicts = 0; planned.size > 0; conflicts++) {
    try {
      await deps.eventStore.appendToStreams([...planned.values()].flat());
      moved += planned.size;
      break;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      const follower = followerOf.get(error.stream);
      const aside =
        follower === undefined || conflicts >= MAX_BATCH_CONFLICTS ? [...planned.keys()] : [follower];
      for (const each of aside) planned.delete(each);
      oneByOne.push(...aside);
    }
  }
  await forEachLimited(oneByOne, CONCURRENCY, async (follower) => {
    if (await moveFollower(deps, event, follower, target, step)) moved += 1;
  });
  return moved;
}
