import type { DomainEvent } from '../shared/decider.js';

/**
 * `favouriteId` is a time-ordered id made when the status was favourited: `GET /api/v1/favourites` pages
 * by it (Pleroma pages by the Like activity's id), and a removal names the favourite it undoes, so replays
 * of an old removal cannot undo a later favourite.
 */
export type StatusFavourited = DomainEvent<
  'StatusFavourited',
  { favouriteId: string; accountId: string; statusId: string }
>;
export type FavouriteRemoved = DomainEvent<
  'FavouriteRemoved',
  { favouriteId: string; accountId: string; statusId: string }
>;

export type FavouriteEvent = StatusFavourited | FavouriteRemoved;

export const favouriteEventTypes = [
  'StatusFavourited',
  'FavouriteRemoved',
] as const satisfies readonly FavouriteEvent['type'][];

/**
 * One small stream per (account, status): favouriting is decided on what this account did to this status
 * only, so concurrent favourites of a popular status never conflict, and each decision reads a few events.
 */
export const favouriteStream = (accountId: string, statusId: string) => `favourite-${accountId}_${statusId}`;
