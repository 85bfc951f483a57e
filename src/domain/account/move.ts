import type { DomainEvent } from '../shared/decider.js';
import type { RegisteredAccount } from './state.js';

/**
 * §1.9: the account moved to another one. The use case has checked the password and that the target lists
 * this account in its also_known_as; the follower-moves process then moves the followers that allow it
 * (src/processes/followerMoves.ts). The origin itself stays usable, as in Pleroma; the Account entity shows
 * `moved`. Moving again (to the same or another target) is a new fact and moves the followers gained since.
 */
export type Moved = DomainEvent<'Moved', { accountId: string; targetAccountId: string }>;

export interface MoveAccount {
  type: 'MoveAccount';
  targetAccountId: string;
}

export const moveEventTypes = ['Moved'] as const satisfies readonly Moved['type'][];

export function decideAccountMove(command: MoveAccount, account: RegisteredAccount): Moved[] {
  return [{ type: 'Moved', data: { accountId: account.id, targetAccountId: command.targetAccountId } }];
}
