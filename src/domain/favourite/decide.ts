import { assertNever, DomainError } from '../shared/errors.js';
import type { FavouriteCommand } from './commands.js';
import type { FavouriteEvent } from './events.js';
import type { FavouriteState } from './state.js';

/** Pleroma's CommonAPI.unfavorite answer when there is no Like to undo. */
export const couldNotUnfavourite = () => new DomainError('not_favourited', 'Could not unfavorite', 400);

export function decideFavourite(command: FavouriteCommand, state: FavouriteState): FavouriteEvent[] {
  const { accountId, statusId } = command;
  switch (command.type) {
    case 'FavouriteStatus':
      // Pleroma answers "already liked by this actor" with success and no new Like.
      if (state.status === 'favourited') return [];
      return [{ type: 'StatusFavourited', data: { favouriteId: command.favouriteId, accountId, statusId } }];
    case 'UnfavouriteStatus':
      if (state.status !== 'favourited') throw couldNotUnfavourite();
      return [{ type: 'FavouriteRemoved', data: { favouriteId: state.favouriteId, accountId, statusId } }];
    default:
      return assertNever(command);
  }
}
