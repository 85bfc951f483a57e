import type { Decider, DomainEvent } from '../shared/decider.js';
import { assertNever } from '../shared/errors.js';

/**
 * Moving the followers of an account that moved (§1.9), stream `move-<moveId>` where `moveId` is the id of
 * the Moved event. The follower-moves process first lists the origin's local followers as they were at the
 * move, in chunks (so the list survives a crash and every follower is known: each gets a `move`
 * notification, whether or not they allow being moved), then moves the chunks one by one, recording each.
 */
export type MoveFollowersListed = DomainEvent<
  'MoveFollowersListed',
  { moveId: string; originId: string; targetId: string; chunk: number; followerIds: string[]; last: boolean }
>;
/** `moved`: now following the target; `skipped`: not allowing moves, or refused by the target (a block). */
export type MoveChunkCompleted = DomainEvent<
  'MoveChunkCompleted',
  { moveId: string; chunk: number; moved: number; skipped: number }
>;
export type MoveCompleted = DomainEvent<
  'MoveCompleted',
  { moveId: string; originId: string; targetId: string; moved: number; skipped: number }
>;

export type MoveEvent = MoveFollowersListed | MoveChunkCompleted | MoveCompleted;

export const moveJobEventTypes = [
  'MoveFollowersListed',
  'MoveChunkCompleted',
  'MoveCompleted',
] as const satisfies readonly MoveEvent['type'][];

export const moveStream = (moveId: string) => `move-${moveId}`;

export type MoveCommand =
  | {
      type: 'ListMoveFollowers';
      moveId: string;
      originId: string;
      targetId: string;
      chunk: number;
      followerIds: string[];
      last: boolean;
    }
  | { type: 'CompleteMoveChunk'; chunk: number; moved: number; skipped: number }
  | { type: 'CompleteMove' };

export type MoveState =
  | { status: 'none' }
  | {
      status: 'listing' | 'listed' | 'completed';
      moveId: string;
      originId: string;
      targetId: string;
      chunks: string[][];
      /** Per chunk done: its counts. */
      done: Record<number, { moved: number; skipped: number }>;
    };

export const initialMoveState: MoveState = { status: 'none' };

export function evolveMove(state: MoveState, event: MoveEvent): MoveState {
  switch (event.type) {
    case 'MoveFollowersListed': {
      const { moveId, originId, targetId, followerIds, last } = event.data;
      const chunks = state.status === 'none' ? [] : state.chunks;
      const done = state.status === 'none' ? {} : state.done;
      const status = last ? 'listed' : 'listing';
      return { status, moveId, originId, targetId, chunks: [...chunks, followerIds], done };
    }
    case 'MoveChunkCompleted': {
      if (state.status === 'none') return state;
      const { chunk, moved, skipped } = event.data;
      return { ...state, done: { ...state.done, [chunk]: { moved, skipped } } };
    }
    case 'MoveCompleted':
      return state.status === 'none' ? state : { ...state, status: 'completed' };
    default:
      return assertNever(event);
  }
}

/** Each step is idempotent: repeated after a crash, it appends nothing. */
export function decideMove(command: MoveCommand, state: MoveState): MoveEvent[] {
  switch (command.type) {
    case 'ListMoveFollowers': {
      const listed = state.status === 'none' ? 0 : state.chunks.length;
      if (state.status === 'listed' || state.status === 'completed' || command.chunk < listed) return [];
      if (command.chunk > listed) throw new Error(`chunk ${command.chunk} listed before chunk ${listed}`);
      const { type: _type, ...data } = command;
      return [{ type: 'MoveFollowersListed', data: { ...data, followerIds: [...data.followerIds] } }];
    }
    case 'CompleteMoveChunk': {
      if (state.status !== 'listed' || state.done[command.chunk]) return [];
      const { chunk, moved, skipped } = command;
      return [{ type: 'MoveChunkCompleted', data: { moveId: state.moveId, chunk, moved, skipped } }];
    }
    case 'CompleteMove': {
      if (state.status !== 'listed') return [];
      const counts = Object.values(state.done);
      const moved = counts.reduce((sum, c) => sum + c.moved, 0);
      const skipped = counts.reduce((sum, c) => sum + c.skipped, 0);
      const { moveId, originId, targetId } = state;
      return [{ type: 'MoveCompleted', data: { moveId, originId, targetId, moved, skipped } }];
    }
    default:
      return assertNever(command);
  }
}

/** The follower moves of one Moved event. */
export const moveDecider: Decider<MoveCommand, MoveEvent, MoveState> = {
  initialState: initialMoveState,
  evolve: evolveMove,
  decide: decideMove,
};
