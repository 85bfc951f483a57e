import type { Knex } from 'knex';
import type { Visibility } from '../../domain/status/events.js';
import { blockingNoneOf, notBlocking, notMuting } from '../relationships/queries.js';

/**
 * SQL, no bindings: the rest of Pleroma's restrict_blocked. A status (id in `statusSql`, author in `authorSql`)
 * addressed to an account the reader (`viewerSql`) blocks is left out, unless the reader wrote it.
 */
export const notAddressingBlocked = (viewerSql: string, statusSql: string, authorSql: string) =>
  `(${authorSql} = ${viewerSql} or ${blockingNoneOf(
    viewerSql,
    `select r.account_id from status_recipients r where r.status_id = ${statusSql}`,
  )})`;

/**
 * What a timeline leaves out for its reader (Pleroma's restrict_blocked, restrict_muted and
 * exclude_visibilities): statuses by accounts a signed-in reader blocks or addressed to them, by those they
 * mute unless `withMuted`, and statuses of the excluded visibilities.
 */
export interface ReaderFilter {
  /** The signed-in reader; null for anonymous, who blocks and mutes no one. */
  viewerId: string | null;
  withMuted?: boolean;
  excludeVisibilities?: readonly Visibility[];
}

/** Applies a reader's filter to a knex query over `statuses as s`: index probes per row, no scans. */
export function forReader(query: Knex.QueryBuilder, filter: ReaderFilter): Knex.QueryBuilder {
  const excluded = filter.excludeVisibilities ?? [];
  // One array parameter rather than `not in (…)`, so the prepared statement's text stays the same.
  if (excluded.length > 0) query.whereRaw('s.visibility <> all(?::text[])', [[...excluded]]);
  if (filter.viewerId === null) return query;
  query.whereRaw(notBlocking('?', 's.account_id'), [filter.viewerId]);
  query.whereRaw(notAddressingBlocked('?::text', 's.id', 's.account_id'), [filter.viewerId, filter.viewerId]);
  if (!filter.withMuted) query.whereRaw(notMuting('?', 's.account_id'), [filter.viewerId]);
  return query;
}
