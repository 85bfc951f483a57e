import { STATUS_AUTHOR_MUTED_COLUMNS } from '../../projections/relationships/queries.js';
import type { StatusExtrasProvider } from '../statuses/gathered.js';

/** The relationships read model's part of every rendered status: `muted`, true when the viewer mutes its author. */
export const muteExtras: StatusExtrasProvider = {
  columns: STATUS_AUTHOR_MUTED_COLUMNS,
  read: (row) => ({ muted: row.author_muted === true }),
};
