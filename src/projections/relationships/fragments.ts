import type { Knex } from 'knex';

/**
 * The relationships read model's SQL that other read models' queries embed (re-exported by queries.ts, the
 * folder's front door): facts about accounts, the home feed's columns, and conditions over blocks and mutes.
 */

/** A mute still in force (SQL over `m`): without an end, or ending later. */
export const ACTIVE_MUTE = '(m.expires_at is null or m.expires_at > now())';

/**
 * The relationships read model's facts about an account `a` (an outer `accounts as a`), as select-list
 * columns: `facts_follow_counts`, null for an account without follows, else `{followers, following,
 * follow_requests}` (one lookup for the three), and `facts_moved_to`, the account it moved to (null if none).
 */
export const ACCOUNT_RELATIONSHIP_COLUMNS = `
  (select json_build_object('followers', c.followers, 'following', c.following,
      'follow_requests', c.follow_requests)
    from follow_counts c where c.account_id = a.id) as facts_follow_counts,
  (select m.target_account_id from account_moves m where m.account_id = a.id) as facts_moved_to`;

/**
 * The home timeline's rows (projections/statuses/timelines.ts): the viewer's feed, written by homeFeed.ts on
 * each post, holding their own statuses, those addressed to them and their followed accounts' since each
 * follow took effect. Column names over `home_feed h`; blocks and mutes are for the read to leave out.
 */
export const HOME_FEED = {
  from: 'home_feed h',
  statusId: 'h.status_id',
  accountId: 'h.account_id',
  authorId: 'h.author_id',
  visibility: 'h.visibility',
} as const;

/**
 * For `visibleTo` over `statuses as s` (projections/statuses/queries.ts): the viewer follows the author, so
 * the author's private (followers-only) statuses are theirs to see.
 */
export function viewerFollowsAuthor(query: Knex.QueryBuilder, viewerId: string): Knex.QueryBuilder {
  return query.whereExists((sub) =>
    sub
      .select(sub.client.raw('1'))
      .from('follows as f')
      .whereRaw('f.followed_id = s.account_id')
      .where('f.follower_id', viewerId)
      .where('f.pending', false),
  );
}

/**
 * Of the accounts `accountIdsSql` (SQL of type text[]) names, those the viewer (`viewerSql`, text) follows, a
 * follow accepted: one JSON array value of their ids.
 */
export const followedAmongJson = (viewerSql: string, accountIdsSql: string) =>
  `(select coalesce(json_agg(f.followed_id), '[]') from follows f
    where f.follower_id = ${viewerSql} and not f.pending and f.followed_id = any(${accountIdsSql}))`;

/** SQL, no bindings: true when the account in `accountSql` is the viewer (`viewerSql`) or one they follow. */
export const viewerOrFollowed = (viewerSql: string, accountSql: string) =>
  `(${accountSql} = ${viewerSql} or exists (select 1 from follows f
    where f.follower_id = ${viewerSql} and f.followed_id = ${accountSql} and not f.pending))`;

// ---- Conditions over blocks and mutes, for reads of other read models' rows (conversations, timelines).

/** SQL, no bindings: true unless the account in `blockerColumn` blocks the one in `blockedColumn`. */
export const notBlocking = (blockerColumn: string, blockedColumn: string) =>
  `not exists (select 1 from blocks b where b.blocker_id = ${blockerColumn} and b.blocked_id = ${blockedColumn})`;

/**
 * SQL, no bindings: true when the account in `accountSql` blocks, or mutes, nobody at all. Over a bound
 * parameter it is computed once per statement: a guard that spares most readers a per-row check.
 */
export const blocksNobody = (accountSql: string) =>
  `not exists (select 1 from blocks b0 where b0.blocker_id = ${accountSql})`;
export const mutesNobody = (accountSql: string) =>
  `not exists (select 1 from mutes m0 where m0.muter_id = ${accountSql})`;

/**
 * SQL, no bindings: true unless the account in `blockerColumn` blocks one of the accounts `accountIdsSql` (a
 * subquery of account ids) names.
 */
export const blockingNoneOf = (blockerColumn: string, accountIdsSql: string) =>
  `not exists (select 1 from blocks b where b.blocker_id = ${blockerColumn} and b.blocked_id in (${accountIdsSql}))`;

/**
 * SQL, no bindings: true unless the account in `muterColumn` mutes, now, one of the accounts `accountIdsSql` (a
 * subquery of account ids) names.
 */
export const mutingNoneOf = (muterColumn: string, accountIdsSql: string) =>
  `not exists (select 1 from mutes m where m.muter_id = ${muterColumn} and m.muted_id in (${accountIdsSql})
    and ${ACTIVE_MUTE})`;

/** SQL, no bindings: true unless the account in `muterColumn` mutes the one in `mutedColumn` now. */
export const notMuting = (muterColumn: string, mutedColumn: string) =>
  `not exists (select 1 from mutes m where m.muter_id = ${muterColumn} and m.muted_id = ${mutedColumn}
    and ${ACTIVE_MUTE})`;

/**
 * For lists the viewer reads over `statuses as s` (a conversation's statuses, §6.5): leaves out statuses of
 * accounts the viewer blocks or mutes (Pleroma's `blocking_user` and `muting_user`).
 */
export function withoutBlockedOrMutedAuthors(query: Knex.QueryBuilder, viewerId: string): Knex.QueryBuilder {
  return query
    .whereRaw(notBlocking('?', 's.account_id'), [viewerId])
    .whereRaw(notMuting('?', 's.account_id'), [viewerId]);
}

/**
 * `muted` of a status `s.id` for the viewer `v.id` (§12.3: Pleroma's `User.mutes?(reader, author)`), as a
 * select-list column for statuses/queries.ts statusColumnsJson: whether the viewer mutes its author now.
 */
export const STATUS_AUTHOR_MUTED_COLUMNS = `exists (select 1 from statuses st
  join mutes m on m.muted_id = st.account_id and m.muter_id = v.id
  where st.id = s.id and ${ACTIVE_MUTE}) as author_muted`;
