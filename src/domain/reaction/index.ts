import type { Decider } from '../shared/decider.js';
import type { ReactionCommand } from './commands.js';
import { decideReaction } from './decide.js';
import type { ReactionEvent } from './events.js';
import { evolveReaction, initialReactionState, type ReactionState } from './state.js';

export type * from './commands.js';
export * from './decide.js';
export * from './events.js';
export * from './state.js';

/** One account's reactions to one status, stream `reaction-<accountId>_<statusId>`. */
export const reactionDecider: Decider<ReactionCommand, ReactionEvent, ReactionState> = {
  initialState: initialReactionState,
  evolve: evolveReaction,
  decide: decideReaction,
};
