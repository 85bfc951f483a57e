import { favouriteCountsOf, STATUS_FAVOURITE_COLUMNS } from '../../projections/favourites/queries.js';
import type { StatusExtrasProvider } from '../statuses/gathered.js';

/** The favourites read model's part of every rendered status: `favourites_count` and `favourited`. */
export const favouriteExtras: StatusExtrasProvider = {
  columns: STATUS_FAVOURITE_COLUMNS,
  read: (row) => favouriteCountsOf(row),
};
