import type { Knex } from 'knex';
import { type Page, pageRows, paginate } from '../pagination.js';
import { notBlocking } from '../relationships/queries.js';
import { isStatusId, readStatusColumns, visibleStatusIds } from '../statuses/queries.js';

/** The only code that reads the favourites read model (practice 7). */

export interface FavouriteCounts {
  favouritesCount: number;
  favourited: boolean;
}

/**
 * `favourites_count` and `favourited` of a status `s.id` for the viewer `v.id`, as select-list columns for
 * statuses/queries.ts readStatusColumns (every rendered status reads them in one statement with the others).
 */
export const STATUS_FAVOURITE_COLUMNS = `
  (select count(*) from favourites f where f.status_id = s.id)::int as favourites_count,
  exists (select 1 from favourites f where f.status_id = s.id and f.account_id = v.id) as favourited`;

/** The columns above, read back. */
export const favouriteCountsOf = (row: Record<string, unknown>): FavouriteCounts => ({
  favouritesCount: row.favourites_count as number,
  favourited: row.favourited as boolean,
});

/** `favourites_count` and `favourited` of a batch of statuses, keyed by status id (absent: none). */
export async function favouriteCounts(
  db: Knex,
  statusIds: readonly string[],
  viewerId: string | null,
): Promise<Map<string, FavouriteCounts>> {
  const rows = await readStatusColumns(db, statusIds, viewerId, [STATUS_FAVOURITE_COLUMNS]);
  return new Map(
    [...rows].flatMap(([id, row]) => (row.favourites_count === 0 ? [] : [[id, favouriteCountsOf(row)]])),
  );
}

export interface FavouriteRecord {
  favouriteId: string;
  statusId: string;
}

/** `GET /api/v1/favourites`: the account's favourites it may still see, paged by favourite id, newest first. */
export async function accountFavourites(db: Knex, accountId: string, page: Page): Promise<FavouriteRecord[]> {
  const query = db('favourites as f')
    .where('f.account_id', accountId)
    .whereIn('f.status_id', visibleStatusIds(db, accountId))
    .select('f.favourite_id', 'f.status_id');
  const rows: { favourite_id: string; status_id: string }[] = await paginate(query, 'f.favourite_id', page);
  return pageRows(rows, page).map((row) => ({
    favouriteId: String(row.favourite_id),
    statusId: String(row.status_id),
  }));
}

/**
 * §5.2: ids of the statuses `accountId` favourited that `viewerId` may see, leaving out those by accounts the
 * viewer blocks ("Blocks of the reader are respected"), paged by status id, newest first.
 */
export async function favouritedStatusIds(
  db: Knex,
  accountId: string,
  viewerId: string | null,
  page: Page,
): Promise<string[]> {
  const visible = visibleStatusIds(db, viewerId);
  if (viewerId !== null) visible.whereRaw(notBlocking('?::text', 's.account_id'), [viewerId]);
  const query = db('favourites as f')
    .where('f.account_id', accountId)
    .whereIn('f.status_id', visible)
    .select('f.status_id');
  const rows: { status_id: string }[] = await paginate(query, 'f.status_id', page);
  return pageRows(rows, page).map((row) => String(row.status_id));
}

/** A page of the account's favourites by when they were given, whatever it may see now (its backup's likes). */
export async function favouritesPage(
  db: Knex,
  accountId: string,
  page: Page,
): Promise<{ favouriteId: string; statusId: string }[]> {
  const query = db('favourites as f')
    .where('f.account_id', accountId)
    .select('f.favourite_id', 'f.status_id');
  const rows: { favourite_id: string; status_id: string }[] = await paginate(query, 'f.favourite_id', page);
  return pageRows(rows, page).map((row) => ({
    favouriteId: String(row.favourite_id),
    statusId: String(row.status_id),
  }));
}

/**
 * `GET /api/v1/statuses/:id/favourited_by`: who favourited the status, newest favourite first, leaving out
 * accounts the viewer blocks (Pleroma filters them with `User.blocks?`).
 */
export async function favouritingAccountIds(
  db: Knex,
  statusId: string,
  viewerId: string | null,
): Promise<string[]> {
  if (!isStatusId(statusId)) return [];
  const query = db('favourites as f').where('f.status_id', statusId).orderBy('f.favourite_id', 'desc');
  if (viewerId !== null) query.whereRaw(notBlocking('?::text', 'f.account_id'), [viewerId]);
  const rows: { account_id: string }[] = await query.select('f.account_id');
  return rows.map((row) => row.account_id);
}
