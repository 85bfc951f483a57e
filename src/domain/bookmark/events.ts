import type { DomainEvent } from '../shared/decider.js';

/**
 * `bookmarkId` is a time-ordered id made when the status was bookmarked: `GET /api/v1/bookmarks` pages by it
 * (Pleroma pages by the bookmark's id), and a removal names the bookmark it undoes.
 */
export type StatusBookmarked = DomainEvent<
  'StatusBookmarked',
  { bookmarkId: string; accountId: string; statusId: string }
>;
export type BookmarkRemoved = DomainEvent<
  'BookmarkRemoved',
  { bookmarkId: string; accountId: string; statusId: string }
>;

export type BookmarkEvent = StatusBookmarked | BookmarkRemoved;

export const bookmarkEventTypes = [
  'StatusBookmarked',
  'BookmarkRemoved',
] as const satisfies readonly BookmarkEvent['type'][];

/** One small stream per (account, status), as favourites: bookmarks of one status never conflict. */
export const bookmarkStream = (accountId: string, statusId: string) => `bookmark-${accountId}_${statusId}`;
