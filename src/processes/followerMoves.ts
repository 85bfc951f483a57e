import type { AppDeps } from '../api/deps.js';
import { newEvents } from '../commands/handleCommand.js';
import type { Moved } from '../domain/account/index.js';
import { type MoveCommand, type MoveState, moveDecider, moveStream } from '../domain/move/index.js';
import { fold } from '../domain/shared/decider.js';
import {
  expect,
  type NewEvent,
  type RecordedEvent,
  WrongExpectedVersionError,
} from '../eventstore/eventStore.js';
import {
  type AccountRecord,
  findAccountById,
  findMovableAccountIds,
} from '../projections/accounts/queries.js';
import { RELATIONSHIPS_PROJECTOR } from '../projections/relationships/projector.js';
import { followerIdsBefore } from '../projections/relationships/queries.js';
import { type ChunkPlan, moveChunk, planChunk, type Step } from './followerMoveChunk.js';
import { type Process, processContext } from './process.js';

export const FOLLOWER_MOVES = 'follower-moves';
/** Followers per listed (and recorded) chunk. */
const CHUNK = 500;
/** Followers listed per read of the read model. */
const LISTING_PAGE = 20 * CHUNK;
const RECORD_ATTEMPTS = 5;

export type FollowerMovesDeps = Pick<AppDeps, 'db' | 'eventStore' | 'projections' | 'clock' | 'logger'>;

type Event = RecordedEvent & Moved;

/**
 * The move's stream as this reaction last read or wrote it: its state, and its revision (-1: no stream). The
 * reaction is the stream's only writer, so each step is decided on this and appended expecting that revision
 * rather than reading the stream back: it holds every listed follower (10,000 ids for 10,000 followers), and
 * was read once per recorded chunk. Should another writer have moved it on, the step reads it and decides again.
 */
interface MoveLog {
  state: MoveState;
  revision: number;
}

async function loadMove(deps: FollowerMovesDeps, moveId: string): Promise<MoveLog> {
  const history = await deps.eventStore.readStream(moveStream(moveId));
  return { state: fold(moveDecider, history as never), revision: history.at(-1)?.revision ?? -1 };
}

/**
 * Commands of the move decided in turn and appended at once (each with its own context, so the events are
 * those one handleCommand per command would append): the listing's chunks cost one append, not one each.
 */
async function record(
  deps: FollowerMovesDeps,
  moveId: string,
  known: MoveLog,
  commands: readonly { command: MoveCommand; name: string }[],
  step: Step,
): Promise<MoveLog> {
  let log = known;
  for (let attempt = 1; ; attempt++) {
    let state = log.state;
    const events: NewEvent[] = [];
    for (const { command, name } of commands) {
      const decided = moveDecider.decide(command, state);
      state = decided.reduce(moveDecider.evolve, state);
      events.push(...newEvents(decided, step(name)));
    }
    if (events.length === 0) return log;
    const expected = log.revision < 0 ? expect.noStream : expect.revision(log.revision);
    try {
      const { nextRevision } = await deps.eventStore.appendToStream(moveStream(moveId), events, expected);
      return { state, revision: nextRevision };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) || attempt >= RECORD_ATTEMPTS) throw error;
      log = await loadMove(deps, moveId);
    }
  }
}

/**
 * Lists the origin's followers whose follow predates the move, in chunks recorded on the move's stream (in one
 * append): the list is fixed once (a resumed listing continues after the last recorded id), and every listed
 * follower is known to later steps (and to notifications) even after they stop following the origin.
 */
async function listFollowers(deps: FollowerMovesDeps, event: Event, log: MoveLog, step: Step) {
  const { state } = log;
  if (state.status !== 'none' && state.status !== 'listing') return log;
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
  return record(deps, event.id, log, commands, step);
}

/** Settles `promise` quietly if nobody awaits it (an error elsewhere), still rejecting for whoever does. */
function kept<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * A chunk's followers allowing the move (allow_following_move, active), and their appends decided when the
 * target can be followed. The decisions share one time: the chunk's events are appended in one transaction.
 */
async function prepareChunk(
  deps: FollowerMovesDeps,
  event: Event,
  followerIds: readonly string[],
  target: AccountRecord | undefined,
): Promise<{ plan: ChunkPlan | undefined; step: Step }> {
  const allowing = await findMovableAccountIds(deps.db, followerIds);
  const movable = followerIds.filter((id) => allowing.has(id));
  const now = deps.clock();
  const step: Step = (name) => processContext(event, name, now);
  return { plan: target?.isActive ? planChunk(event, movable, target, step) : undefined, step };
}

/** §1.9's move_following: every listed follower allowing it (allow_following_move) follows the target instead. */
async function moveFollowers(deps: FollowerMovesDeps, event: Event): Promise<void> {
  const moveId = event.id;
  const log = deps.logger.child({ process: FOLLOWER_MOVES, moveId, origin: event.data.accountId });
  const step: Step = (name) => processContext(event, name, deps.clock());
  let move = await loadMove(deps, moveId);
  if (move.state.status === 'completed') return;
  move = await listFollowers(deps, event, move, step);
  const state = move.state;
  if (state.status !== 'listed') return;
  const target = await findAccountById(deps.db, event.data.targetAccountId);
  const total = state.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const chunks = state.chunks;
  const pending = chunks.flatMap((_, index) => (state.done[index] ? [] : [index]));
  const prepare = (index: number | undefined) =>
    index === undefined ? undefined : kept(prepareChunk(deps, event, chunks[index]!, target));
  // A pipeline: the next chunk's accounts are read and its appends decided, and the last chunk recorded, while
  // a chunk is appended.
  let next = prepare(pending[0]);
  let recorded: Promise<void> = Promise.resolve();
  try {
    for (const [at, index] of pending.entries()) {
      const { plan, step: chunkStep } = await next!;
      next = prepare(pending[at + 1]);
      const moved = plan ? await moveChunk(deps, event, plan, target!, chunkStep) : 0;
      const skipped = chunks[index]!.length - moved;
      await recorded;
      const processed = chunks.slice(0, index + 1).reduce((sum, chunk) => sum + chunk.length, 0);
      const command = { type: 'CompleteMoveChunk', chunk: index, moved, skipped } as const;
      recorded = kept(
        record(deps, moveId, move, [{ command, name: `chunk-${index}` }], step).then((written) => {
          move = written;
          log.info({ moved, skipped }, `moved ${processed} of ${total} followers`);
        }),
      );
    }
    await recorded;
  } finally {
    // Nothing of this reaction runs on after it ends (a failed one is retried from the recorded chunks).
    await Promise.allSettled([recorded, next]);
  }
  await record(deps, moveId, move, [{ command: { type: 'CompleteMove' }, name: 'complete' }], step);
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
