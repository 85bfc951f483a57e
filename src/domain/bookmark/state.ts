import { assertNever } from '../shared/errors.js';
import type { BookmarkEvent } from './events.js';

export type BookmarkState = { status: 'none' } | { status: 'bookmarked'; bookmarkId: string };

export const initialBookmarkState: BookmarkState = { status: 'none' };

export function evolveBookmark(_state: BookmarkState, event: BookmarkEvent): BookmarkState {
  switch (event.type) {
    case 'StatusBookmarked':
      return { status: 'bookmarked', bookmarkId: event.data.bookmarkId };
    case 'BookmarkRemoved':
      return { status: 'none' };
    default:
      return assertNever(event);
  }
}
