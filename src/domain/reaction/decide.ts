import { emojiUrlHost } from '../emoji/reactionEmoji.js';
import { assertNever, DomainError } from '../shared/errors.js';
import type { ReactionCommand, RemoveReaction } from './commands.js';
import type { ReactionEvent } from './events.js';
import type { CurrentReaction, ReactionState } from './state.js';

/** §9.2 and §9.3: every failure of a reaction write is one of these two 400s. */
export const couldNotAddReaction = () =>
  new DomainError('reaction_not_added', 'Could not add reaction emoji', 400);
export const couldNotRemoveReaction = () =>
  new DomainError('reaction_not_removed', 'Could not remove reaction emoji', 400);

function matches(reaction: CurrentReaction, command: RemoveReaction): boolean {
  if (reaction.emoji !== command.emoji) return false;
  if (!command.custom) return reaction.url === null;
  return reaction.url !== null && (command.host === null || emojiUrlHost(reaction.url) === command.host);
}

export function decideReaction(command: ReactionCommand, state: ReactionState): ReactionEvent[] {
  const { accountId, statusId } = command;
  switch (command.type) {
    case 'AddReaction': {
      const { reactionId, emoji, url } = command;
      // §9.2: the same user reacting twice with the same emoji does not duplicate.
      if (state.reactions.some((r) => r.emoji === emoji && r.url === url)) return [];
      return [{ type: 'ReactionAdded', data: { reactionId, accountId, statusId, emoji, url } }];
    }
    case 'RemoveReaction': {
      // §9.3: the requester's most recent reaction with that content.
      const reaction = state.reactions.findLast((r) => matches(r, command));
      if (!reaction) throw couldNotRemoveReaction();
      return [{ type: 'ReactionRemoved', data: { ...reaction, accountId, statusId } }];
    }
    default:
      return assertNever(command);
  }
}
