import type { AppDeps } from '../api/deps.js';
import { handleCommand, newEvents } from '../commands/handleCommand.js';
import type { Moved } from '../domain/account/index.js';
import { type MoveCommand, type MoveState, moveDecider, moveStream } from '../domain/move/index.js';
import { fold } from '../domain/shared/decider.js';
import {
  expect,
  type NewEvent,
  type RecordedEvent,
  WrongExpectedVersionError,
} from '../eventstore/eventStore.js';
import { findAccountById, findAccountsByIds } from '../projections/accounts/queries.js';
import { RELATIONSHIPS_PROJECTOR } from '../projections/relationships/projector.js';
import { followerIdsBefore } from '../projections/relationships/queries.js';
import { moveChunk, type Step } from './followerMoveChunk.js';
import { type Process, processContext } from './process.js';

export const FOLLOWER_MOVES = 'follower-moves';
/** Followers per listed (and recorded) chunk. */
const CHUNK = 500;
/** Followers listed per read of the read model. */
const LISTING_PAGE = 20 * CHUNK;
const RECORD_ATTEMPTS = 5;

export type FollowerMovesDeps = Pick<AppDeps, 'db' | 'eventStore' | 'projections' | 'clock' | 'logger'>;

type Event = RecordedEvent & Moved;

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
 * Several commands of the move decided in turn and appended at once (each with its own context, so the events
 * are those one handleCommand per command would append): the listing's chunks cost one append, not one each.
 */
async function recordAll(
  deps: FollowerMovesDeps,
  moveId: string,
  commands: readonly { command: MoveCommand; name: string }[],
  step: Step,
) {
  const stream = moveStream(moveId);
  for (let attempt = 1; ; attempt++) {
    const history = await deps.eventStore.readStream(stream);
    let state = fold(moveDecider, history as never);
    const events: NewEvent[] = [];
    for (const { command, name } of commands) {
      const decided = moveDecider.decide(command, state);
      state = decided.reduce(moveDecider.evolve, state);
      events.push(...newEvents(decided, step(name)));
    }
    if (events.length === 0) return state;
    const expected = history.length === 0 ? expect.noStream : expect.revision(history.at(-1)!.revision);
    try {
      await deps.eventStore.appendToStream(stream, events, expected);
      return state;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) || attempt >= RECORD_ATTEMPTS) throw error;
    }
  }
}

/**
 * Lists the origin's followers whose follow predates the move, in chunks recorded on the move's stream (in one
 * append): the list is fixed once (a resumed listing continues after the last recorded id), and every listed
 * follower is known to later steps (and to notifications) even after they stop following the origin.
 */
async function listFollowers(deps: FollowerMovesDeps, event: Event, state: MoveState, step: Step) {
  if (state.status !== 'none' && state.status !== 'listing') return state;
  const { accountId: originId, targetAccountId: targetId } = event.data;
  await deps.projections.waitFor([RELATIONSHIPS_PROJECTOR], event.position);
  const found: string[] = [];
  let afterId = state.status === 'none' ? undefined : state.chunks.at(-1)?.at(-1);
  for (;;) {
    const page = await followerIdsBefore(deps.db, originId, event.position, { afterId, limit: LISTING_PAGE });
    found.push(...page);
    if (page.length < LISTING_PAGE) break;
    afterId = page.at(-1);
  }
  const first = state.status === 'none' ? 0 : state.chunks.length;
  const commands = [];
  for (let at = 0, chunk = first; at === 0 || at < found.length; at += CHUNK, chunk++) {
    const followerIds = found.slice(at, at + CHUNK);
    const last = at + CHUNK >= found.length;
    const command = {
      type: 'ListMoveFollowers',
      moveId: event.id,
      originId,
      targetId,
      chunk,
      followerIds,
      last,
    };
    commands.push({ command: command as MoveCommand, name: `list-${chunk}` });
  }
  return recordAll(deps, event.id, commands, step);
}

/** Settles `promise` quietly if nobody awaits it (an error elsewhere), still rejecting for whoever does. */
function kept<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
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
  const chunks = state.chunks;
  const pending = chunks.flatMap((_, index) => (state.done[index] ? [] : [index]));
  const accountsOf = (index: number | undefined) =>
    index === undefined ? undefined : kept(findAccountsByIds(deps.db, chunks[index]!));
  // A pipeline: the next chunk's accounts are read, and the last chunk recorded, while a chunk is appended.
  let accounts = accountsOf(pending[0]);
  let recorded: Promise<void> = Promise.resolve();
  try {
    for (const [at, index] of pending.entries()) {
      const followerIds = chunks[index]!;
      const found = await accounts!;
      accounts = accountsOf(pending[at + 1]);
      const movable = followerIds.filter(
        (id) => found.get(id)?.allowFollowingMove && found.get(id)?.isActive,
      );
      const moved = target?.isActive ? await moveChunk(deps, event, movable, target, step) : 0;
      const skipped = followerIds.length - moved;
      await recorded;
      const processed = chunks.slice(0, index + 1).reduce((sum, chunk) => sum + chunk.length, 0);
      const command = { type: 'CompleteMoveChunk', chunk: index, moved, skipped } as const;
      recorded = kept(
        record(deps, moveId, command, step, `chunk-${index}`).then(() => {
          log.info({ moved, skipped }, `moved ${processed} of ${total} followers`);
        }),
      );
    }
    await recorded;
  } finally {
    // Nothing of this reaction runs on after it ends (a failed one is retried from the recorded chunks).
    await Promise.allSettled([recorded, accounts]);
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
