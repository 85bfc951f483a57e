import type { Decider } from '../shared/decider.js';
import type { EndorsementCommand } from './commands.js';
import { decideEndorsement } from './decide.js';
import type { EndorsementEvent } from './events.js';
import { type EndorsementState, evolveEndorsement, initialEndorsementState } from './state.js';

export type * from './commands.js';
export * from './decide.js';
export * from './events.js';
export * from './state.js';

/** The accounts one account endorses (Mastodon's endorsements, Pleroma's pinned accounts), stream `endorsements-<id>`. */
export const endorsementDecider: Decider<EndorsementCommand, EndorsementEvent, EndorsementState> = {
  initialState: initialEndorsementState,
  evolve: evolveEndorsement,
  decide: decideEndorsement,
};
