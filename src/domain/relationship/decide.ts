import { assertNever, badRequest, DomainError, notFound } from '../shared/errors.js';
import type {
  Block,
  Follow,
  RelationshipCommand,
  RemoveRelationshipsOfDeletedAccount,
  Unfollow,
} from './commands.js';
import type { RelationshipEvent } from './events.js';
import { activeMute, type RelationshipState, type Side, sideOf } from './state.js';

/** Pleroma's texts (AccountController, User.follow, User.subscribe, CommonAPI.unblock), exactly. */
export const relationshipErrors = {
  followSelf: () => badRequest('Can not follow yourself'),
  unfollowSelf: () => badRequest('Can not unfollow yourself'),
  // User.unfollow of an account not followed, answered 400 by the fallback controller.
  notFollowing: () => new DomainError('not_following', 'Not subscribed!', 400),
  blockedFollow: (nickname: string) =>
    new DomainError('blocked', `Could not follow user: ${nickname} blocked you.`, 403),
  blockedSubscribe: (nickname: string) =>
    new DomainError('blocked', `Could not subscribe: ${nickname} is blocking you`, 403),
  // CommonAPI.unblock's {:error, :not_blocking}, rendered 403 by AccountController.unblock.
  notBlocking: () => new DomainError('not_blocking', 'not_blocking', 403),
  // Pleroma has no text for these (it lets a user relate to themselves); a 400 stops it before anything is stored.
  self: (action: 'block' | 'mute' | 'subscribe to') => badRequest(`Can not ${action} yourself`),
} as const;

/** Subscribe or unsubscribe as `notify` asks (Pleroma's set_subscription); absent leaves it. */
function subscriptionTo(
  side: Side,
  actorId: string,
  targetId: string,
  notify?: boolean,
): RelationshipEvent[] {
  const data = { subscriberId: actorId, targetId };
  if (notify === true && !side.subscribed) return [{ type: 'SubscriptionAdded', data }];
  if (notify === false && side.subscribed) return [{ type: 'SubscriptionRemoved', data }];
  return [];
}

function follow(command: Follow, state: RelationshipState): RelationshipEvent[] {
  const { actorId, targetId, reblogs, notify } = command;
  if (actorId === targetId) throw relationshipErrors.followSelf();
  if (sideOf(state, targetId).blocking) throw relationshipErrors.blockedFollow(command.targetNickname);
  const side = sideOf(state, actorId);
  const pair = { followerId: actorId, followedId: targetId };
  const subscription = subscriptionTo(side, actorId, targetId, notify);
  if (side.follow.status === 'none') {
    // Without `reblogs` (an import's or a move's follow, Pleroma's User.follow) the pair's setting stays.
    const showingReblogs = reblogs ?? side.showingReblogs;
    const type = command.targetLocked ? 'FollowRequested' : 'Followed';
    return [{ type, data: { ...pair, showingReblogs } }, ...subscription];
  }
  // Following again only changes what was asked differently (Pleroma's MastodonAPI.follow).
  const reblogChange: RelationshipEvent[] =
    reblogs !== undefined && reblogs !== side.showingReblogs
      ? [{ type: 'ShowingReblogsChanged', data: { ...pair, showingReblogs: reblogs } }]
      : [];
  return [...reblogChange, ...subscription];
}

/** Ends `followerId`'s follow or request, if any: what a block does to both directions. */
function endFollow(
  side: Side,
  followerId: string,
  followedId: string,
  requestEnd: 'FollowRequestCancelled' | 'FollowRequestRejected',
): RelationshipEvent[] {
  const data = { followerId, followedId };
  if (side.follow.status === 'following') return [{ type: 'Unfollowed', data }];
  if (side.follow.status === 'requested') return [{ type: requestEnd, data }];
  return [];
}

function unfollow(command: Unfollow, state: RelationshipState): RelationshipEvent[] {
  const { actorId, targetId } = command;
  if (actorId === targetId) throw relationshipErrors.unfollowSelf();
  const side = sideOf(state, actorId);
  if (side.follow.status === 'none') throw relationshipErrors.notFollowing();
  // CommonAPI.unfollow also ends the subscription.
  return [
    ...endFollow(side, actorId, targetId, 'FollowRequestCancelled'),
    ...subscriptionTo(side, actorId, targetId, false),
  ];
}

/**
 * Pleroma's User.block: the blocker's follow (or request) ends, the blocked account's follow (or request)
 * of the blocker ends, and so does its subscription to the blocker. Blocking again changes nothing.
 */
function block(command: Block, state: RelationshipState): RelationshipEvent[] {
  const { actorId, targetId } = command;
  if (actorId === targetId) throw relationshipErrors.self('block');
  const mine = sideOf(state, actorId);
  if (mine.blocking) return [];
  const theirs = sideOf(state, targetId);
  return [
    { type: 'Blocked', data: { blockerId: actorId, blockedId: targetId } },
    ...endFollow(mine, actorId, targetId, 'FollowRequestCancelled'),
    ...endFollow(theirs, targetId, actorId, 'FollowRequestRejected'),
    ...subscriptionTo(theirs, targetId, actorId, false),
  ];
}

/** What one side ends towards the other; `requestEnd` names how its pending request ends. */
function endSide(
  side: Side,
  actorId: string,
  otherId: string,
  requestEnd: 'FollowRequestCancelled' | 'FollowRequestRejected',
): RelationshipEvent[] {
  return [
    ...endFollow(side, actorId, otherId, requestEnd),
    ...(side.blocking
      ? [{ type: 'Unblocked', data: { blockerId: actorId, blockedId: otherId } } as const]
      : []),
    ...(side.mute ? [{ type: 'Unmuted', data: { muterId: actorId, mutedId: otherId } } as const] : []),
    ...subscriptionTo(side, actorId, otherId, false),
  ];
}

/**
 * Pleroma's delete_user unfollows everyone, removes the followers and cancels outgoing requests; the read
 * model also drops blocks, mutes and subscriptions both ways, so the pair's history says the same. Nothing
 * left: nothing to append (a repeated removal is a no-op, never an error).
 */
function removeOfDeleted(
  command: RemoveRelationshipsOfDeletedAccount,
  state: RelationshipState,
): RelationshipEvent[] {
  const { actorId, targetId } = command;
  if (actorId === targetId) return [];
  return [
    ...endSide(sideOf(state, actorId), actorId, targetId, 'FollowRequestCancelled'),
    ...endSide(sideOf(state, targetId), targetId, actorId, 'FollowRequestRejected'),
  ];
}

export function decideRelationship(
  command: RelationshipCommand,
  state: RelationshipState,
): RelationshipEvent[] {
  const { actorId, targetId } = command;
  const side = sideOf(state, actorId);
  switch (command.type) {
    case 'RemoveRelationshipsOfDeletedAccount':
      return removeOfDeleted(command, state);
    case 'Follow':
      return follow(command, state);
    case 'Unfollow':
      return unfollow(command, state);
    case 'Block':
      return block(command, state);
    case 'Unblock':
      if (!side.blocking) throw relationshipErrors.notBlocking();
      return [{ type: 'Unblocked', data: { blockerId: actorId, blockedId: targetId } }];
    case 'Mute': {
      if (actorId === targetId) throw relationshipErrors.self('mute');
      const current = activeMute(side, command.now);
      // Pleroma's User.mute only ever adds the notification mute: muting again without it keeps it.
      const notifications = command.notifications || current?.notifications === true;
      const { expiresAt } = command;
      if (current && current.notifications === notifications && current.expiresAt === expiresAt) return [];
      return [{ type: 'Muted', data: { muterId: actorId, mutedId: targetId, notifications, expiresAt } }];
    }
    case 'Unmute':
      // Unmuting what is not (or no longer) muted is fine, as in Pleroma.
      return activeMute(side, command.now)
        ? [{ type: 'Unmuted', data: { muterId: actorId, mutedId: targetId } }]
        : [];
    case 'Subscribe':
      if (actorId === targetId) throw relationshipErrors.self('subscribe to');
      if (sideOf(state, targetId).blocking) throw relationshipErrors.blockedSubscribe(command.targetNickname);
      return subscriptionTo(side, actorId, targetId, true);
    case 'Unsubscribe':
      return subscriptionTo(side, actorId, targetId, false);
    case 'AuthorizeFollowRequest': {
      const request = sideOf(state, targetId).follow.status;
      if (request === 'none') throw notFound();
      if (request === 'following') return [];
      return [{ type: 'FollowRequestAuthorized', data: { followerId: targetId, followedId: actorId } }];
    }
    case 'RejectFollowRequest': {
      // Pleroma's reject also removes an accepted follower (it rejects the latest Follow whatever its state).
      if (sideOf(state, targetId).follow.status === 'none') throw notFound();
      return [{ type: 'FollowRequestRejected', data: { followerId: targetId, followedId: actorId } }];
    }
    default:
      return assertNever(command);
  }
}
