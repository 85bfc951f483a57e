import type { Knex } from 'knex';
import { type Page, pageRows, paginate } from '../pagination.js';
import { visibleStatusIds } from '../statuses/queries.js';

/** A Status's `bookmarked`: select-list SQL over the status `s.id` and the viewer `v.id` (gathered.ts). */
export const STATUS_BOOKMARK_COLUMNS = `
  exists (select 1 from bookmarks b where b.status_id = s.id and b.account_id = v.id) as bookmarked`;

export interface BookmarkRecord {
  bookmarkId: string;
  statusId: string;
}

/** `GET /api/v1/bookmarks`: the account's bookmarks it may still see, paged by bookmark id, newest first. */
export async function accountBookmarks(db: Knex, accountId: string, page: Page): Promise<BookmarkRecord[]> {
  const query = db('bookmarks as b')
    .where('b.account_id', accountId)
    .whereIn('b.status_id', visibleStatusIds(db, accountId))
    .select('b.bookmark_id', 'b.status_id');
  return recordsOf(await paginate(query, 'b.bookmark_id', page), page);
}

/** A page of all the account's bookmarks by bookmark id, whatever it may see now (its backup's bookmarks.json). */
export async function bookmarksPage(db: Knex, accountId: string, page: Page): Promise<BookmarkRecord[]> {
  const query = db('bookmarks as b').where('b.account_id', accountId).select('b.bookmark_id', 'b.status_id');
  return recordsOf(await paginate(query, 'b.bookmark_id', page), page);
}

const recordsOf = (rows: { bookmark_id: string; status_id: string }[], page: Page): BookmarkRecord[] =>
  pageRows(rows, page).map((row) => ({
    bookmarkId: String(row.bookmark_id),
    statusId: String(row.status_id),
  }));
