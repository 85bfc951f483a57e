import type { Knex } from 'knex';
import type { Visibility } from '../../domain/status/events.js';
import { notDeactivated } from '../accounts/queries.js';
import {
  blockingNoneOf,
  blocksNobody,
  mutesNobody,
  mutingNoneOf,
  notBlocking,
  notMuting,
  viewerOrFollowed,
} from '../relationships/queries.js';

const recipientsOf = (statusSql: string) =>
  `select r.account_id from status_recipients r where r.status_id = ${statusSql}`;

/**
 * SQL, no bindings, for a status (id in `statusSql`, author in `authorSql`): true unless it is addressed to an
 * account the reader (`viewerSql`) blocks (mutes), the reader's own statuses aside. A reader who blocks (mutes)
 * nobody skips the check for every row: `guardSql`, the reader as a bound parameter where `viewerSql` is a
 * column, lets that be decided once per statement.
 */
const notAddressing =
  (nobody: (accountSql: string) => string, noneOf: (accountSql: string, idsSql: string) => string) =>
  (viewerSql: string, statusSql: string, authorSql: string, guardSql = viewerSql) =>
    `(${nobody(guardSql)} or ${authorSql} = ${viewerSql} or ${noneOf(viewerSql, recipientsOf(statusSql))})`;

/** The rest of Pleroma's restrict_blocked (notAddressing). */
export const notAddressingBlocked = notAddressing(blocksNobody, blockingNoneOf);
/** The rest of Pleroma's restrict_muted (notAddressing). */
export const notAddressingMuted = notAddressing(mutesNobody, mutingNoneOf);

/** Pleroma's `reply_visibility`: which replies a timeline keeps (absent: all). */
export type ReplyVisibility = 'following' | 'self';

/**
 * SQL, no bindings: Pleroma's restrict_replies. A status replying to nothing (`inReplyToSql` null) is kept; a
 * reply only if the reader (`viewerSql`) wrote it or it is addressed to them (`self`), or to them or an
 * account they follow, its author aside (`following`).
 */
export function replyKept(
  mode: ReplyVisibility,
  viewerSql: string,
  status: { idSql: string; authorSql: string; inReplyToSql: string },
): string {
  const addressed =
    mode === 'self'
      ? `r.account_id = ${viewerSql}`
      : `r.account_id <> ${status.authorSql} and ${viewerOrFollowed(viewerSql, 'r.account_id')}`;
  return `(${status.inReplyToSql} is null or ${status.authorSql} = ${viewerSql} or exists (
    select 1 from status_recipients r where r.status_id = ${status.idSql} and ${addressed}))`;
}

/** Bindings for SQL whose every `?::text` is the viewer. */
export const viewerBindings = (sql: string, viewerId: string) =>
  sql
    .split('?::text')
    .slice(1)
    .map(() => viewerId);

/**
 * What a timeline leaves out for its reader (Pleroma's restrict_deactivated_users, restrict_blocked,
 * restrict_muted, restrict_replies and exclude_visibilities): statuses by deactivated accounts, by accounts a
 * signed-in reader blocks or addressed to them, by those they mute or addressed to them unless `withMuted`,
 * replies as `replyVisibility` says, and statuses of the excluded visibilities.
 */
export interface ReaderFilter {
  /** The signed-in reader; null for anonymous, who blocks and mutes no one and sees every reply. */
  viewerId: string | null;
  withMuted?: boolean;
  excludeVisibilities?: readonly Visibility[];
  replyVisibility?: ReplyVisibility;
}

/** Applies a reader's filter to a knex query over `statuses as s`: index probes per row, no scans. */
export function forReader(query: Knex.QueryBuilder, filter: ReaderFilter): Knex.QueryBuilder {
  query.whereRaw(notDeactivated('s.account_id'));
  const excluded = filter.excludeVisibilities ?? [];
  // One array parameter rather than `not in (…)`, so the prepared statement's text stays the same.
  if (excluded.length > 0) query.whereRaw('s.visibility <> all(?::text[])', [[...excluded]]);
  if (filter.viewerId === null) return query;
  query.whereRaw(notBlocking('?', 's.account_id'), [filter.viewerId]);
  const viewer = filter.viewerId;
  const whereViewer = (sql: string) => query.whereRaw(sql, viewerBindings(sql, viewer));
  whereViewer(notAddressingBlocked('?::text', 's.id', 's.account_id'));
  if (!filter.withMuted) {
    query.whereRaw(notMuting('?', 's.account_id'), [viewer]);
    whereViewer(notAddressingMuted('?::text', 's.id', 's.account_id'));
  }
  if (filter.replyVisibility) {
    const status = { idSql: 's.id', authorSql: 's.account_id', inReplyToSql: 's.in_reply_to_id' };
    const kept = replyKept(filter.replyVisibility, '?::text', status);
    query.whereRaw(kept, viewerBindings(kept, filter.viewerId));
  }
  return query;
}

/**
 * What an account's page leaves out for its reader (Pleroma's fetch_user_activities): unless the reader blocks
 * the account itself, statuses addressed to an account they block and, unless `withMuted`, those of an account
 * they mute or addressed to one.
 */
export function accountPageForReader(
  query: Knex.QueryBuilder,
  accountId: string,
  viewer: string,
  withMuted: boolean,
) {
  const filters = [notAddressingBlocked('?::text', 's.id', 's.account_id')];
  if (!withMuted)
    filters.push(notMuting('?::text', 's.account_id'), notAddressingMuted('?::text', 's.id', 's.account_id'));
  return query.where((page) =>
    page.whereRaw(`not ${notBlocking('?::text', '?::text')}`, [viewer, accountId]).orWhere((kept) => {
      for (const sql of filters) kept.whereRaw(sql, viewerBindings(sql, viewer));
    }),
  );
}
