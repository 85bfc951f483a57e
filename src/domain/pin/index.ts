import type { Decider } from '../shared/decider.js';
import type { PinCommand } from './commands.js';
import { decidePin } from './decide.js';
import type { PinEvent } from './events.js';
import { evolvePin, initialPinState, type PinState } from './state.js';

export type * from './commands.js';
export * from './decide.js';
export * from './events.js';
export * from './state.js';

/** The statuses one account pins on its profile, stream `pins-<accountId>`. */
export const pinDecider: Decider<PinCommand, PinEvent, PinState> = {
  initialState: initialPinState,
  evolve: evolvePin,
  decide: decidePin,
};
