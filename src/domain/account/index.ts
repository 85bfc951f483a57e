import type { Decider } from '../shared/decider.js';
import type { AccountCommand, ReservationCommand } from './commands.js';
import {
  decideAccount,
  decideReservation,
  evolveReservation,
  type ReservationKind,
  type ReservationState,
} from './decide.js';
import type { AccountEvent, ReservationEvent } from './events.js';
import { type AccountState, evolveAccount, initialAccountState } from './state.js';

export type * from './commands.js';
export * from './decide.js';
export * from './events.js';
export * from './images.js';
export * from './lifecycle.js';
export * from './move.js';
export * from './state.js';

/** The account aggregate, stream `account-<id>`. */
export const accountDecider: Decider<AccountCommand, AccountEvent, AccountState> = {
  initialState: initialAccountState,
  evolve: evolveAccount,
  decide: decideAccount,
};

/** A uniqueness claim, stream `nickname-<nick>` or `email-<index>`. */
export function reservationDecider(
  kind: ReservationKind,
): Decider<ReservationCommand, ReservationEvent, ReservationState> {
  return {
    initialState: { status: 'free' },
    evolve: evolveReservation,
    decide: (command, state) => decideReservation(kind, command, state),
  };
}
