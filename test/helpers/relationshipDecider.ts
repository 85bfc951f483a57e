import type { RelationshipEvent } from '../../src/domain/relationship/index.js';

/** The pair the relationship decider's tables act on: A acts, B is the target. */
export const A = '100';
export const B = '200';
export const pair = { actorId: A, targetId: B };

export const follows = { followerId: A, followedId: B };
export const followsBack = { followerId: B, followedId: A };
export const followed = (showingReblogs = true): RelationshipEvent => ({
  type: 'Followed',
  data: { ...follows, showingReblogs },
});
export const requested: RelationshipEvent = {
  type: 'FollowRequested',
  data: { ...follows, showingReblogs: true },
};
export const followedBack: RelationshipEvent = {
  type: 'Followed',
  data: { ...followsBack, showingReblogs: true },
};
export const blocked = (blockerId: string, blockedId: string): RelationshipEvent => ({
  type: 'Blocked',
  data: { blockerId, blockedId },
});
export const subscribed = (subscriberId: string, targetId: string): RelationshipEvent => ({
  type: 'SubscriptionAdded',
  data: { subscriberId, targetId },
});
export const unsubscribed = (subscriberId: string, targetId: string): RelationshipEvent => ({
  type: 'SubscriptionRemoved',
  data: { subscriberId, targetId },
});
