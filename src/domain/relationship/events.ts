import type { DomainEvent } from '../shared/decider.js';

/**
 * What one account does towards another (§12.2, §5.1): follows and follow requests, blocks, mutes and
 * subscriptions. Both directions of a pair live on one stream (see relationshipStream), so a single decision
 * sees everything that constrains it: "blocked by the target" when following, and a block ending the follows
 * both ways in the same append. Every event names both accounts, which is all a notification needs (who, whom;
 * the time is the event's metadata).
 */

interface FollowPair {
  followerId: string;
  followedId: string;
}

/** An unlocked account was followed; `showingReblogs`: the follower sees its reblogs in home (`reblogs`). */
export type Followed = DomainEvent<'Followed', FollowPair & { showingReblogs: boolean }>;
/** A locked account was asked to be followed (Pleroma's `follow_pending`). */
export type FollowRequested = DomainEvent<'FollowRequested', FollowPair & { showingReblogs: boolean }>;
/** The followed account accepted a pending request: from now on a follow. */
export type FollowRequestAuthorized = DomainEvent<'FollowRequestAuthorized', FollowPair>;
/** The followed account refused a request (or removed an accepted follower, as Pleroma's reject does). */
export type FollowRequestRejected = DomainEvent<'FollowRequestRejected', FollowPair>;
/** The follower withdrew a pending request (unfollow before it was accepted, or blocking the account). */
export type FollowRequestCancelled = DomainEvent<'FollowRequestCancelled', FollowPair>;
export type Unfollowed = DomainEvent<'Unfollowed', FollowPair>;
/** `reblogs` given again on follow with another value. */
export type ShowingReblogsChanged = DomainEvent<
  'ShowingReblogsChanged',
  FollowPair & { showingReblogs: boolean }
>;
export type Blocked = DomainEvent<'Blocked', { blockerId: string; blockedId: string }>;
export type Unblocked = DomainEvent<'Unblocked', { blockerId: string; blockedId: string }>;
/**
 * A mute set, or set again with other settings. `notifications`: the muted account's notifications are
 * hidden too; `expiresAt` (ISO 8601) ends it by itself, null never.
 */
export type Muted = DomainEvent<
  'Muted',
  { muterId: string; mutedId: string; notifications: boolean; expiresAt: string | null }
>;
export type Unmuted = DomainEvent<'Unmuted', { muterId: string; mutedId: string }>;
/** `subscriberId` gets a `status` notification for each new post of `targetId` (§5.1, `notify`). */
export type SubscriptionAdded = DomainEvent<'SubscriptionAdded', { subscriberId: string; targetId: string }>;
export type SubscriptionRemoved = DomainEvent<
  'SubscriptionRemoved',
  { subscriberId: string; targetId: string }
>;

export type RelationshipEvent =
  | Followed
  | FollowRequested
  | FollowRequestAuthorized
  | FollowRequestRejected
  | FollowRequestCancelled
  | Unfollowed
  | ShowingReblogsChanged
  | Blocked
  | Unblocked
  | Muted
  | Unmuted
  | SubscriptionAdded
  | SubscriptionRemoved;

export const relationshipEventTypes = [
  'Followed',
  'FollowRequested',
  'FollowRequestAuthorized',
  'FollowRequestRejected',
  'FollowRequestCancelled',
  'Unfollowed',
  'ShowingReblogsChanged',
  'Blocked',
  'Unblocked',
  'Muted',
  'Unmuted',
  'SubscriptionAdded',
  'SubscriptionRemoved',
] as const satisfies readonly RelationshipEvent['type'][];

/**
 * The stream of a pair of accounts, whichever of the two acts: `relationship-<smaller id>-<larger id>`. One
 * stream per unordered pair, not per direction: the rules couple the directions (a block ends both follows,
 * a follow is refused while the target blocks), and one stream makes each such decision a single
 * optimistic append; pairs are independent of each other, so writes on different pairs never contend.
 */
export function relationshipStream(a: string, b: string): string {
  const [low, high] = a < b ? [a, b] : [b, a];
  return `relationship-${low}-${high}`;
}

/** The two accounts an event is about (who acts first): what finds a deleted account's pairs in the log. */
export function relationshipPair(event: RelationshipEvent): [string, string] {
  switch (event.type) {
    case 'Blocked':
    case 'Unblocked':
      return [event.data.blockerId, event.data.blockedId];
    case 'Muted':
    case 'Unmuted':
      return [event.data.muterId, event.data.mutedId];
    case 'SubscriptionAdded':
    case 'SubscriptionRemoved':
      return [event.data.subscriberId, event.data.targetId];
    default:
      return [event.data.followerId, event.data.followedId];
  }
}
