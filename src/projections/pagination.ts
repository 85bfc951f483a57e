import type { Knex } from 'knex';

/**
 * Mastodon pagination (§0.7) as every list query takes it. Ids are decimal strings of time-ordered 64-bit
 * integers, so "newer" is "greater". Parsed from the request by api/http/pagination.ts.
 */
export interface Page {
  /** Only items older than this id. */
  maxId?: string;
  /** Only items newer than this id, newest first. */
  sinceId?: string;
  /** Only items newer than this id, the page just above it (ascending fetch, answered newest first). */
  minId?: string;
  limit: number;
}

export const DEFAULT_PAGE: Page = { limit: 20 };

/**
 * Applies a page to a query over `column` (a bigint id): bounds, order and limit. Pass the rows through
 * `pageRows` afterwards, which restores newest-first order for `min_id`.
 */
export function paginate<Q extends Knex.QueryBuilder>(query: Q, column: string, page: Page): Q {
  if (page.maxId !== undefined) query.where(column, '<', page.maxId);
  if (page.sinceId !== undefined) query.where(column, '>', page.sinceId);
  if (page.minId !== undefined) query.where(column, '>', page.minId);
  query.orderBy(column, page.minId !== undefined ? 'asc' : 'desc').limit(page.limit);
  return query;
}

/** The SQL text of a page's bounds over `column`, for raw queries: `[sql, bindings]`. */
export function pageBounds(column: string, page: Page): [string, string[]] {
  const parts: string[] = [];
  const bindings: string[] = [];
  for (const [bound, op] of [
    [page.maxId, '<'],
    [page.sinceId, '>'],
    [page.minId, '>'],
  ] as const) {
    if (bound === undefined) continue;
    parts.push(`${column} ${op} ?`);
    bindings.push(bound);
  }
  return [parts.length > 0 ? parts.join(' and ') : 'true', bindings];
}

/** `min_id` pages are fetched oldest first; every page is answered newest first. */
export function pageRows<T>(rows: T[], page: Page): T[] {
  return page.minId !== undefined ? rows.reverse() : rows;
}
