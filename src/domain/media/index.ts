import type { Decider } from '../shared/decider.js';
import type { MediaCommand } from './commands.js';
import { decideMedia, evolveMedia, initialMediaState, type MediaState } from './decide.js';
import type { MediaEvent } from './events.js';

export type * from './commands.js';
export * from './decide.js';
export * from './events.js';

/** An uploaded file (Pleroma's attachment Object), stream `media-<id>`. */
export const mediaDecider: Decider<MediaCommand, MediaEvent, MediaState> = {
  initialState: initialMediaState,
  evolve: evolveMedia,
  decide: decideMedia,
};
