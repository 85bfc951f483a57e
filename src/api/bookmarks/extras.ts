import { STATUS_BOOKMARK_COLUMNS } from '../../projections/bookmarks/queries.js';
import type { StatusExtrasProvider } from '../statuses/gathered.js';

/** The bookmarks read model's part of every rendered status: `bookmarked`. */
export const bookmarkExtras: StatusExtrasProvider = {
  columns: STATUS_BOOKMARK_COLUMNS,
  read: (row) => ({ bookmarked: row.bookmarked === true }),
};
