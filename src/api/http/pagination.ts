import type { Request, Response } from 'express';
import type { Config } from '../../config.js';
import { DEFAULT_PAGE, type Page } from '../../projections/pagination.js';
import { invalidValue, ValidationError } from './validate.js';

export type { Page } from '../../projections/pagination.js';

/** §0.7: `limit` defaults to 20 and larger values are clamped to 40. */
export const DEFAULT_LIMIT = DEFAULT_PAGE.limit;
export const MAX_LIMIT = 40;

const ID_KEYS = ['max_id', 'since_id', 'min_id'] as const;
const ID_PATTERN = /^\d{1,19}$/;
const MAX_ID = 9223372036854775807n;

type Issue = { field: string; message: string };

function integer(
  query: Record<string, unknown>,
  field: string,
  fallback: number,
  issues: Issue[],
  maxDigits = Number.POSITIVE_INFINITY,
): number {
  const value = query[field];
  // §0.4: an empty query parameter that does not cast is dropped, i.e. takes the default.
  if (value === undefined || value === '') return fallback;
  const digits = typeof value === 'string' ? value.trim() : '';
  if (!/^\d+$/.test(digits) || digits.length > maxDigits) {
    issues.push(invalidValue(field, 'integer', value));
    return fallback;
  }
  return Number(digits);
}

/**
 * Mastodon pagination parameters from the query string (§0.7): `max_id`, `since_id`, `min_id` (time-ordered
 * numeric ids) and `limit` (default 20, clamped to 40; 0 answers an empty page, as Pleroma's LIMIT 0 does).
 * `offset` must be an integer but moves nothing: every list here is keyset-paginated, and Pleroma's keyset
 * pagination ignores it. Malformed values are a Pleroma-shaped 400, never a 500.
 */
export function parsePage(req: Request): Page {
  const query = req.query as Record<string, unknown>;
  const issues: Issue[] = [];
  const page: Page = { limit: Math.min(integer(query, 'limit', DEFAULT_LIMIT, issues), MAX_LIMIT) };
  // Cast as Pleroma's OpenAPI declares it (an integer, at most 15 digits here), then left out.
  integer(query, 'offset', 0, issues, 15);
  for (const key of ID_KEYS) {
    const value = query[key];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string' || !ID_PATTERN.test(value) || BigInt(value) > MAX_ID) {
      issues.push(invalidValue(key, 'id', value));
      continue;
    }
    const field = key === 'max_id' ? 'maxId' : key === 'since_id' ? 'sinceId' : 'minId';
    page[field] = value;
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return page;
}

function linkTo(config: Pick<Config, 'PUBLIC_URL'>, req: Request, cursor: Record<string, string>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(req.query as Record<string, unknown>)) {
    if ((ID_KEYS as readonly string[]).includes(key)) continue;
    if (Array.isArray(value)) for (const item of value) params.append(`${key}[]`, String(item));
    else if (typeof value === 'string') params.append(key, value);
  }
  for (const [key, value] of Object.entries(cursor)) params.append(key, value);
  const path = req.originalUrl.split('?')[0];
  return `${config.PUBLIC_URL}${path}?${params.toString()}`;
}

/**
 * Pleroma's add_link_headers: for a non-empty page (newest first), `rel="next"` pages on with
 * `max_id=<last id>` and `rel="prev"` back with `min_id=<first id>`; other query parameters are kept and
 * the cursors of the request dropped. An empty page gets no header.
 */
export function setLinkHeader(
  res: Response,
  req: Request,
  config: Pick<Config, 'PUBLIC_URL'>,
  items: readonly { id: string }[],
): void {
  const first = items[0];
  const last = items.at(-1);
  if (!first || !last) return;
  const next = linkTo(config, req, { max_id: last.id });
  const prev = linkTo(config, req, { min_id: first.id });
  res.set('Link', `<${next}>; rel="next", <${prev}>; rel="prev"`);
}
