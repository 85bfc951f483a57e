import { assertNever } from '../shared/errors.js';
import type { BookmarkCommand } from './commands.js';
import type { BookmarkEvent } from './events.js';
import type { BookmarkState } from './state.js';

/**
 * Bookmarking twice keeps the first bookmark (Pleroma's insert on conflict), and removing a bookmark that is
 * not there changes nothing (Pleroma's Bookmark.destroy crashes on it; the status is answered here).
 */
export function decideBookmark(command: BookmarkCommand, state: BookmarkState): BookmarkEvent[] {
  const { accountId, statusId } = command;
  switch (command.type) {
    case 'BookmarkStatus':
      if (state.status === 'bookmarked') return [];
      return [{ type: 'StatusBookmarked', data: { bookmarkId: command.bookmarkId, accountId, statusId } }];
    case 'UnbookmarkStatus':
      if (state.status !== 'bookmarked') return [];
      return [{ type: 'BookmarkRemoved', data: { bookmarkId: state.bookmarkId, accountId, statusId } }];
    default:
      return assertNever(command);
  }
}
