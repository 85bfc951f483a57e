import type { Decider } from '../shared/decider.js';
import type { BookmarkCommand } from './commands.js';
import { decideBookmark } from './decide.js';
import type { BookmarkEvent } from './events.js';
import { type BookmarkState, evolveBookmark, initialBookmarkState } from './state.js';

export type * from './commands.js';
export * from './decide.js';
export * from './events.js';
export * from './state.js';

/** One account's bookmark of one status, stream `bookmark-<accountId>_<statusId>`. */
export const bookmarkDecider: Decider<BookmarkCommand, BookmarkEvent, BookmarkState> = {
  initialState: initialBookmarkState,
  evolve: evolveBookmark,
  decide: decideBookmark,
};
