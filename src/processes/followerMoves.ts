import type { AppDeps } from '../api/deps.js';
import { handleCommand } from '../commands/handleCommand.js';
import { followCommand, relate } from '../commands/relationships/index.js';
import type { Moved } from '../domain/account/index.js';
import { type MoveCommand, type MoveState, moveDecider, moveStream } from '../domain/move/index.js';
import type { RelationshipEvent } from '../domain/relationship/index.js';
import { fold } from '../domain/shared/decider.js';
import { DomainError } from '../domain/shared/errors.js';
import type { RecordedEvent } from '../eventstore/eventStore.js';
import { type AccountRecord, findAccountById, findAccountsByIds } from '../projections/accounts/queries.js';
import { RELATIONSHIPS_PROJECTOR } from '../projections/relationships/projector.js';
import { followerIdsBefore } from '../projections/relationships/queries.js';
import { forEachLimited } from './pool.js';
import { type Process, processContext } from './process.js';

export const FOLLOWER_MOVES = 'follower-moves';
/** Followers per listed (and recorded) chunk. */
const CHUNK = 500;
/** Followers moved at once: each is two small appends on two independent pair streams. */
const CONCURRENCY = 8;

export type FollowerMovesDeps = Pick<AppDeps, 'db' | 'eventStore' | 'projections' | 'clock' | 'logger'>;

type Event = RecordedEvent & Moved;
type Step = (name: string) => ReturnType<typeof processContext>;

async function loadMove(deps: FollowerMovesDeps, moveId: string): Promise<MoveState> {
  return fold(moveDecider, (await deps.eventStore.readStream(moveStream(moveId))) as never);
}

async function record(
  deps: FollowerMovesDeps,
  moveId: string,
  command: MoveCommand,
  step: Step,
  name: string,
) {
  const result = await handleCommand(deps.eventStore, moveStream(moveId), moveDecider, command, step(name));
  return result.state;
}

/**
 * Lists the origin's followers whose follow predates the move, in chunks recorded on the move's stream: the
 * list is fixed once (a resumed listing continues after the last recorded id), and every listed follower is
 * known to later steps (and to notifications) even after they stop following the origin.
 */
async function listFollowers(deps: FollowerMovesDeps, event: Event, state: MoveState, step: Step) {
  const { accountId: originId, targetAccountId: targetId } = event.data;
  await deps.projections.waitFor([RELATIONSHIPS_PROJECTOR], event.position);
  let current = state;
  while (current.status === 'none' || current.status === 'listing') {
    const chunk = current.status === 'none' ? 0 : current.chunks.length;
    const afterId = current.status === 'none' ? undefined : current.chunks.at(-1)?.at(-1);
    const found = await followerIdsBefore(deps.db, originId, event.position, { afterId, limit: CHUNK + 1 });
    const followerIds = found.slice(0, CHUNK);
    const last = found.length <= CHUNK;
    const command = {
      type: 'ListMoveFollowers',
      moveId: event.id,
      originId,
      targetId,
      chunk,
      followerIds,
      last,
    } as const;
    current = await record(deps, event.id, command, step, `list-${chunk}`);
  }
  return current;
}

/**
 * The usual history of a listed follower's pair with the origin, so the unfollow need not read it: the listing
 * saw the follower following the origin (a follows row, not pending, which only the follower's Followed puts
 * there, or a request and its authorization: two events), so a pair stream still at revision 0 holds exactly
 * this Followed. `showingReblogs` is a guess an unfollow never reads. A longer history falls back to reading.
 */
const followOnly = (followerId: string, followedId: string): RelationshipEvent[] => [
  { type: 'Followed', data: { followerId, followedId, showingReblogs: true } },
];

/**
 * One follower, as Pleroma's move_following: follow the target, then unfollow the origin. A refused follow
 * (the target blocks them) leaves the origin's follow. Both commands have ids derived from the Moved event
 * and the follower, and both are no-ops once done: a crash between or after them resumes exactly.
 */
async function moveFollower(
  deps: FollowerMovesDeps,
  event: Event,
  follower: string,
  target: AccountRecord,
  step: Step,
) {
  try {
    await relate(deps, followCommand(follower, target), step(`follow-${follower}`), { newPair: true });
  } catch (error) {
    if (error instanceof DomainError && error.status !== 409) return false;
    throw error;
  }
  const originId = event.data.accountId;
  const unfollow = { type: 'Unfollow', actorId: follower, targetId: originId } as const;
  try {
    await relate(deps, unfollow, step(`unfollow-${follower}`), {
      assumedHistory: followOnly(follower, originId),
    });
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'not_following')) throw error;
  }
  return true;
}

/** §1.9's move_following: every listed follower allowing it (allow_following_move) follows the target instead. */
async function moveFollowers(deps: FollowerMovesDeps, event: Event): Promise<void> {
  const moveId = event.id;
  const log = deps.logger.child({ process: FOLLOWER_MOVES, moveId, origin: event.data.accountId });
  const step: Step = (name) => processContext(event, name, deps.clock());
  let state = await loadMove(deps, moveId);
  if (state.status === 'completed') return;
  state = await listFollowers(deps, event, state, step);
  if (state.status !== 'listed') return;
  const target = await findAccountById(deps.db, event.data.targetAccountId);
  const total = state.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  let processed = 0;
  for (const [index, followerIds] of state.chunks.entries()) {
    processed += followerIds.length;
    if (state.done[index]) continue;
    const accounts = await findAccountsByIds(deps.db, followerIds);
    const movable = followerIds.filter(
      (id) => accounts.get(id)?.allowFollowingMove && accounts.get(id)?.isActive,
    );
    let moved = 0;
    if (target?.isActive) {
      await forEachLimited(movable, CONCURRENCY, async (follower) => {
        if (await moveFollower(deps, event, follower, target, step)) moved += 1;
      });
    }
    const command = {
      type: 'CompleteMoveChunk',
      chunk: index,
      moved,
      skipped: followerIds.length - moved,
    } as const;
    await record(deps, moveId, command, step, `chunk-${index}`);
    log.info({ moved, skipped: followerIds.length - moved }, `moved ${processed} of ${total} followers`);
  }
  await record(deps, moveId, { type: 'CompleteMove' }, step, 'complete');
}

/** Moves the followers of accounts that moved (§1.9), in recorded chunks, resumably (see Process). */
export function followerMovesProcess(deps: FollowerMovesDeps): Process {
  return {
    name: FOLLOWER_MOVES,
    version: 1,
    handles: ['Moved'],
    react: (recorded) => moveFollowers(deps, recorded as Event),
  };
}
