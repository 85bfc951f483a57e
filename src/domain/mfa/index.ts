import type { Decider } from '../shared/decider.js';
import type { MfaCommand } from './commands.js';
import { decideMfa } from './decide.js';
import type { MfaEvent } from './events.js';
import { evolveMfa, initialMfaState, type MfaState } from './state.js';

export * from './backupCodes.js';
export type * from './commands.js';
export * from './decide.js';
export * from './events.js';
export * from './state.js';

/**
 * Multi-factor authentication of one account, stream `mfa-<accountId>`. Its own stream rather than the
 * account's: no MFA rule needs account state (the password is checked by the use case), the frequent writes
 * at login (codes used) then never contend with profile or lifecycle changes, and each login folds only MFA
 * history.
 */
export const mfaDecider: Decider<MfaCommand, MfaEvent, MfaState> = {
  initialState: initialMfaState,
  evolve: evolveMfa,
  decide: decideMfa,
};
