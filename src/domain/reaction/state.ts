import { assertNever } from '../shared/errors.js';
import type { ReactionEvent } from './events.js';

export interface CurrentReaction {
  reactionId: string;
  emoji: string;
  url: string | null;
}

/** The reactions one account has on one status now, oldest first. */
export interface ReactionState {
  reactions: CurrentReaction[];
}

export const initialReactionState: ReactionState = { reactions: [] };

export function evolveReaction(state: ReactionState, event: ReactionEvent): ReactionState {
  const { reactionId, emoji, url } = event.data;
  switch (event.type) {
    case 'ReactionAdded':
      return { reactions: [...state.reactions, { reactionId, emoji, url }] };
    case 'ReactionRemoved':
      return { reactions: state.reactions.filter((reaction) => reaction.reactionId !== reactionId) };
    default:
      return assertNever(event);
  }
}
