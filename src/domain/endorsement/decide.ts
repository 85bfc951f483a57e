import { assertNever, DomainError } from '../shared/errors.js';
import type { EndorsementCommand } from './commands.js';
import type { EndorsementEvent } from './events.js';
import type { EndorsementState } from './state.js';

/** Pleroma's User.endorse texts, answered with 400. */
export const endorsementsFull = () =>
  new DomainError('endorsements_full', 'You have already pinned the maximum number of users', 400);
export const notFollowingToEndorse = (nickname: string) =>
  new DomainError('not_following', `Could not endorse: You are not following ${nickname}`, 400);

/**
 * Pleroma's User.endorse and unendorse: the limit is checked first (an account already endorsed at the limit is
 * refused too), then the follow; endorsing again and unendorsing what is not endorsed change nothing.
 */
export function decideEndorsement(command: EndorsementCommand, state: EndorsementState): EndorsementEvent[] {
  const data = { endorserId: command.endorserId, endorsedId: command.targetId };
  const endorsed = state.endorsed.includes(command.targetId);
  switch (command.type) {
    case 'Endorse':
      if (state.endorsed.length >= command.max) throw endorsementsFull();
      if (!command.following) throw notFollowingToEndorse(command.targetNickname);
      return endorsed ? [] : [{ type: 'AccountEndorsed', data }];
    case 'Unendorse':
      return endorsed ? [{ type: 'AccountUnendorsed', data }] : [];
    default:
      return assertNever(command);
  }
}
