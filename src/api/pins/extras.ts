import { pinOf, STATUS_PIN_COLUMNS } from '../../projections/pins/queries.js';
import type { StatusExtrasProvider } from '../statuses/gathered.js';

/** The pins read model's part of every rendered status: `pinned` and `pleroma.pinned_at`. */
export const pinExtras: StatusExtrasProvider = {
  columns: STATUS_PIN_COLUMNS,
  read: (row) => pinOf(row),
};
