import type { Knex } from 'knex';
import { favouriteCounts } from '../../projections/favourites/queries.js';
import type { StatusExtras } from '../views/status.js';

/** The favourites read model's part of every rendered status: `favourites_count` and `favourited`. */
export async function favouriteExtras(
  db: Knex,
  statusIds: readonly string[],
  viewerId: string | null,
): Promise<Map<string, Partial<StatusExtras>>> {
  return (await favouriteCounts(db, statusIds, viewerId)) as Map<string, Partial<StatusExtras>>;
}
