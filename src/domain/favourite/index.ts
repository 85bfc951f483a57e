import type { Decider } from '../shared/decider.js';
import type { FavouriteCommand } from './commands.js';
import { decideFavourite } from './decide.js';
import type { FavouriteEvent } from './events.js';
import { evolveFavourite, type FavouriteState, initialFavouriteState } from './state.js';

export type * from './commands.js';
export * from './decide.js';
export * from './events.js';
export * from './state.js';

/** One account's favourite of one status, stream `favourite-<accountId>_<statusId>`. */
export const favouriteDecider: Decider<FavouriteCommand, FavouriteEvent, FavouriteState> = {
  initialState: initialFavouriteState,
  evolve: evolveFavourite,
  decide: decideFavourite,
};
