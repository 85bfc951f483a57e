import type { Decider } from '../shared/decider.js';
import type { ConversationCommand } from './commands.js';
import { decideParticipation } from './decide.js';
import type { ConversationEvent } from './events.js';
import { evolveParticipation, initialParticipationState, type ParticipationState } from './state.js';

export type * from './commands.js';
export * from './decide.js';
export * from './events.js';
export * from './state.js';

/** One account's participation in one conversation, stream `participation-<accountId>_<context key>`. */
export const participationDecider: Decider<ConversationCommand, ConversationEvent, ParticipationState> = {
  initialState: initialParticipationState,
  evolve: evolveParticipation,
  decide: decideParticipation,
};
