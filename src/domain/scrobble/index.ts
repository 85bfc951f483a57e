import type { Decider } from '../shared/decider.js';
import {
  decideListen,
  evolveListen,
  initialListenState,
  type ListenState,
  type ScrobbleCommand,
} from './decide.js';
import type { ScrobbleEvent } from './events.js';

export * from './decide.js';
export * from './events.js';

/** One scrobble (§8), stream `listen-<id>`. */
export const listenDecider: Decider<ScrobbleCommand, ScrobbleEvent, ListenState> = {
  initialState: initialListenState,
  evolve: evolveListen,
  decide: decideListen,
};
