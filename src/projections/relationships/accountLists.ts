import type { Knex } from 'knex';
import { notDeactivated } from '../accounts/queries.js';
import { type Page, pageRows, paginate } from '../pagination.js';
import { ACTIVE_MUTE } from './fragments.js';

/** The account lists' pages (re-exported by queries.ts, the folder's front door). */

type Row = Record<string, unknown>;

/**
 * Ids of a page of accounts, newest account first: Pleroma paginates these lists by account id, and leaves
 * deactivated accounts out before the limit (its queries ask for active users), so pages stay full.
 */
async function idPage(query: Knex.QueryBuilder, column: string, page: Page): Promise<string[]> {
  query.whereRaw(notDeactivated(column));
  const rows: Row[] = await paginate(query.select(`${column} as id`), column, page);
  return pageRows(rows, page).map((row) => row.id as string);
}

/** `GET /api/v1/accounts/:id/followers`: accepted followers' ids. */
export const followerIdsPage = (db: Knex, accountId: string, page: Page) =>
  idPage(db('follows').where({ followed_id: accountId, pending: false }), 'follower_id', page);

/** `GET /api/v1/accounts/:id/following`. */
export const followingIdsPage = (db: Knex, accountId: string, page: Page) =>
  idPage(db('follows').where({ follower_id: accountId, pending: false }), 'followed_id', page);

/** `GET /api/v1/follow_requests`: who asks to follow the account. */
export const followRequestIdsPage = (db: Knex, accountId: string, page: Page) =>
  idPage(db('follows').where({ followed_id: accountId, pending: true }), 'follower_id', page);

/** `GET /api/v1/blocks`. */
export const blockedIdsPage = (db: Knex, accountId: string, page: Page) =>
  idPage(db('blocks').where({ blocker_id: accountId }), 'blocked_id', page);

/** `GET /api/v1/mutes`: muted accounts (mutes in force) with when each mute ends (null: never). */
export async function mutesPage(
  db: Knex,
  accountId: string,
  page: Page,
): Promise<{ id: string; expiresAt: Date | null }[]> {
  const query = db('mutes as m')
    .where('m.muter_id', accountId)
    .whereRaw(ACTIVE_MUTE)
    .whereRaw(notDeactivated('m.muted_id'))
    .select('m.muted_id as id', 'm.expires_at');
  const rows: Row[] = await paginate(query, 'm.muted_id', page);
  return pageRows(rows, page).map((row) => ({
    id: row.id as string,
    expiresAt: row.expires_at as Date | null,
  }));
}
