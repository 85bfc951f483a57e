import type { Knex } from 'knex';
import { ACTIVE_MUTE } from './fragments.js';

/**
 * The only code that reads the relationships read model (practice 7), with accountLists.ts (the account lists'
 * pages) and fragments.ts (the SQL others embed), both re-exported here.
 */
export {
  blockedIdsPage,
  followerIdsPage,
  followingIdsPage,
  followRequestIdsPage,
  mutesPage,
} from './accountLists.js';
export {
  ACCOUNT_RELATIONSHIP_COLUMNS,
  blockingNoneOf,
  blocksNobody,
  followedAmongJson,
  HOME_FEED,
  mutesNobody,
  mutingNoneOf,
  notBlocking,
  notMuting,
  STATUS_AUTHOR_MUTED_COLUMNS,
  viewerFollowsAuthor,
  viewerOrFollowed,
  withoutBlockedOrMutedAuthors,
} from './fragments.js';

/** What the viewer and one other account are to each other: the Relationship entity's facts (§12.2). */
export interface RelationshipRecord {
  following: boolean;
  followedBy: boolean;
  requested: boolean;
  showingReblogs: boolean;
  blocking: boolean;
  blockedBy: boolean;
  muting: boolean;
  mutingNotifications: boolean;
  subscribing: boolean;
}

export const NO_RELATIONSHIP: RelationshipRecord = {
  following: false,
  followedBy: false,
  requested: false,
  showingReblogs: true,
  blocking: false,
  blockedBy: false,
  muting: false,
  mutingNotifications: false,
  subscribing: false,
};

type Row = Record<string, unknown>;

/** The viewer's relationship with each of `targetIds`, in one round trip. */
export async function relationshipsOf(
  db: Knex,
  viewerId: string,
  targetIds: readonly string[],
): Promise<Map<string, RelationshipRecord>> {
  const ids = [...new Set(targetIds)];
  if (ids.length === 0) return new Map();
  const { rows } = await db.raw(
    `select t.id,
       fo.pending as out_pending, fi.pending as in_pending,
       not exists (select 1 from reblog_mutes where follower_id = :viewer and followed_id = t.id)
         as showing_reblogs,
       exists (select 1 from blocks where blocker_id = :viewer and blocked_id = t.id) as blocking,
       exists (select 1 from blocks where blocker_id = t.id and blocked_id = :viewer) as blocked_by,
       m.notifications as mute_notifications,
       exists (select 1 from account_subscriptions where subscriber_id = :viewer and target_id = t.id) as subscribing
     from unnest(:ids::text[]) as t(id)
     left join follows fo on fo.follower_id = :viewer and fo.followed_id = t.id
     left join follows fi on fi.follower_id = t.id and fi.followed_id = :viewer
     left join mutes m on m.muter_id = :viewer and m.muted_id = t.id and ${ACTIVE_MUTE}`,
    { viewer: viewerId, ids },
  );
  return new Map(
    (rows as Row[]).map((row) => [
      row.id as string,
      {
        following: row.out_pending === false,
        followedBy: row.in_pending === false,
        requested: row.out_pending === true,
        // Pleroma's reblog mute: held apart from the follow, shown for a request and after an unfollow too.
        showingReblogs: row.showing_reblogs as boolean,
        blocking: row.blocking as boolean,
        blockedBy: row.blocked_by as boolean,
        muting: row.mute_notifications !== null,
        mutingNotifications: row.mute_notifications === true,
        subscribing: row.subscribing as boolean,
      },
    ]),
  );
}

export interface FollowCounts {
  followers: number;
  following: number;
  /** Pending requests to follow the account (`follow_requests_count`). */
  followRequests: number;
}

/** followers_count, following_count and follow_requests_count of accounts (§12.1), keyed by id. */
export async function followCounts(
  db: Knex,
  accountIds: readonly string[],
): Promise<Map<string, FollowCounts>> {
  const ids = [...new Set(accountIds)];
  if (ids.length === 0) return new Map();
  const { rows } = await db.raw(
    `select t.id, coalesce(c.followers, 0) as followers, coalesce(c.following, 0) as following,
       coalesce(c.follow_requests, 0) as requests
     from unnest(?::text[]) as t(id) left join follow_counts c on c.account_id = t.id`,
    [ids],
  );
  return new Map(
    (rows as Row[]).map((row) => [
      row.id as string,
      {
        followers: row.followers as number,
        following: row.following as number,
        followRequests: row.requests as number,
      },
    ]),
  );
}

/** Where accounts moved to (§1.9 `moved`), keyed by the origin's id. */
export async function movedTargets(db: Knex, accountIds: readonly string[]): Promise<Map<string, string>> {
  if (accountIds.length === 0) return new Map();
  const rows: Row[] = await db('account_moves').whereIn('account_id', [...new Set(accountIds)]);
  return new Map(rows.map((row) => [row.account_id as string, row.target_account_id as string]));
}

/**
 * Followers of `accountId` whose follow took effect before `position`, in ascending id order after `afterId`:
 * the follower-moves process lists an origin's followers as they were at the move.
 */
export async function followerIdsBefore(
  db: Knex,
  accountId: string,
  position: bigint,
  options: { afterId?: string; limit: number },
): Promise<string[]> {
  const query = db('follows')
    .where({ followed_id: accountId, pending: false })
    .where('since_position', '<', position.toString())
    .orderBy('follower_id')
    .limit(options.limit)
    .select('follower_id');
  if (options.afterId !== undefined) query.where('follower_id', '>', options.afterId);
  const rows: Row[] = await query;
  return rows.map((row) => row.follower_id as string);
}

// ---- For other areas (notifications, timelines, visibility): small questions, answered by index.

/** Is `followerId` an accepted follower of `followedId`? (Private statuses, notifications.) */
export async function isFollowing(db: Knex, followerId: string, followedId: string): Promise<boolean> {
  const row = await db('follows')
    .where({ follower_id: followerId, followed_id: followedId, pending: false })
    .first(db.raw('1'));
  return row !== undefined;
}

/** Accounts subscribed to `accountId` (§5.1): who gets a `status` notification for its new posts. */
export async function subscriberIds(db: Knex, accountId: string): Promise<string[]> {
  const rows: Row[] = await db('account_subscriptions')
    .where({ target_id: accountId })
    .select('subscriber_id');
  return rows.map((row) => row.subscriber_id as string);
}

/** Of `candidateIds`, those the viewer blocks or is blocked by: what a viewer must never see or hear from. */
export async function blockedEitherWay(
  db: Knex,
  viewerId: string,
  candidateIds: readonly string[],
): Promise<Set<string>> {
  if (candidateIds.length === 0) return new Set();
  const { rows } = await db.raw(
    `select blocked_id as id from blocks where blocker_id = :viewer and blocked_id = any(:ids::text[])
     union select blocker_id from blocks where blocked_id = :viewer and blocker_id = any(:ids::text[])`,
    { viewer: viewerId, ids: [...new Set(candidateIds)] },
  );
  return new Set((rows as Row[]).map((row) => row.id as string));
}

/**
 * Of `candidateIds`, those a reader does not want listed (§9.4's reactors): the accounts they block and,
 * unless `withMuted`, those they mute now.
 */
export async function blockedOrMutedBy(
  db: Knex,
  viewerId: string,
  candidateIds: readonly string[],
  options: { withMuted?: boolean } = {},
): Promise<Set<string>> {
  if (candidateIds.length === 0) return new Set();
  const ids = [...new Set(candidateIds)];
  const muted = options.withMuted
    ? ''
    : `union select m.muted_id from mutes m
       where m.muter_id = :viewer and m.muted_id = any(:ids::text[]) and ${ACTIVE_MUTE}`;
  const { rows } = await db.raw(
    `select blocked_id as id from blocks where blocker_id = :viewer and blocked_id = any(:ids::text[]) ${muted}`,
    { viewer: viewerId, ids },
  );
  return new Set((rows as Row[]).map((row) => row.id as string));
}

/**
 * Of `candidateIds`, those the viewer mutes now; with `notificationsOnly`, only mutes that also hide
 * notifications (`muting_notifications`).
 */
export async function mutedBy(
  db: Knex,
  viewerId: string,
  candidateIds: readonly string[],
  options: { notificationsOnly?: boolean } = {},
): Promise<Set<string>> {
  if (candidateIds.length === 0) return new Set();
  const query = db('mutes as m')
    .where('m.muter_id', viewerId)
    .whereIn('m.muted_id', [...new Set(candidateIds)])
    .whereRaw(ACTIVE_MUTE)
    .select('m.muted_id');
  if (options.notificationsOnly) query.where('m.notifications', true);
  const rows: Row[] = await query;
  return new Set(rows.map((row) => row.muted_id as string));
}
