import { assertNever } from '../shared/errors.js';
import type { FavouriteEvent } from './events.js';

export type FavouriteState = { status: 'none' } | { status: 'favourited'; favouriteId: string };

export const initialFavouriteState: FavouriteState = { status: 'none' };

export function evolveFavourite(_state: FavouriteState, event: FavouriteEvent): FavouriteState {
  switch (event.type) {
    case 'StatusFavourited':
      return { status: 'favourited', favouriteId: event.data.favouriteId };
    case 'FavouriteRemoved':
      return { status: 'none' };
    default:
      return assertNever(event);
  }
}
