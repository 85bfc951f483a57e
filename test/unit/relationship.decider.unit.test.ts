import { describe, expect, it } from 'vitest';
import {
  type RelationshipCommand,
  type RelationshipEvent,
  relationshipDecider,
  relationshipStream,
} from '../../src/domain/relationship/index.js';
import { type DeciderCase, runCase } from '../helpers/decider.js';

const A = '100';
const B = '200';
const now = new Date('2025-01-01T12:00:00.000Z');
const later = '2025-01-02T12:00:00.000Z';
const earlier = '2025-01-01T11:00:00.000Z';

const follows = { followerId: A, followedId: B };
const followsBack = { followerId: B, followedId: A };
const followed = (showingReblogs = true): RelationshipEvent => ({
  type: 'Followed',
  data: { ...follows, showingReblogs },
});
const requested: RelationshipEvent = { type: 'FollowRequested', data: { ...follows, showingReblogs: true } };
const followedBack: RelationshipEvent = { type: 'Followed', data: { ...followsBack, showingReblogs: true } };
const requestedBack: RelationshipEvent = {
  type: 'FollowRequested',
  data: { ...followsBack, showingReblogs: true },
};
const blocked = (blockerId: string, blockedId: string): RelationshipEvent => ({
  type: 'Blocked',
  data: { blockerId, blockedId },
});
const subscribed = (subscriberId: string, targetId: string): RelationshipEvent => ({
  type: 'SubscriptionAdded',
  data: { subscriberId, targetId },
});
const unsubscribed = (subscriberId: string, targetId: string): RelationshipEvent => ({
  type: 'SubscriptionRemoved',
  data: { subscriberId, targetId },
});
const muted = (notifications: boolean, expiresAt: string | null): RelationshipEvent => ({
  type: 'Muted',
  data: { muterId: A, mutedId: B, notifications, expiresAt },
});

const pair = { actorId: A, targetId: B };
const removeOfDeleted: RelationshipCommand = { type: 'RemoveRelationshipsOfDeletedAccount', ...pair };
const follow = (
  extra: Partial<Extract<RelationshipCommand, { type: 'Follow' }>> = {},
): RelationshipCommand => ({
  type: 'Follow',
  ...pair,
  targetNickname: 'bob',
  targetLocked: false,
  ...extra,
});
const mute = (notifications: boolean, expiresAt: string | null): RelationshipCommand => ({
  type: 'Mute',
  ...pair,
  notifications,
  expiresAt,
  now,
});
/** B (the followed) answers A's request. */
const answer = (type: 'AuthorizeFollowRequest' | 'RejectFollowRequest'): RelationshipCommand => ({
  type,
  actorId: B,
  targetId: A,
});

const cases: DeciderCase<RelationshipCommand, RelationshipEvent>[] = [
  // Follow
  { name: 'following an unlocked account follows it', given: [], when: follow(), expected: [followed()] },
  {
    name: 'following a locked account asks to follow it',
    given: [],
    when: follow({ targetLocked: true }),
    expected: [requested],
  },
  {
    name: 'a new follow takes reblogs and notify',
    given: [],
    when: follow({ reblogs: false, notify: true }),
    expected: [followed(false), subscribed(A, B)],
  },
  { name: 'following again changes nothing', given: [followed()], when: follow(), expected: [] },
  {
    name: 'following again with other reblogs changes only that',
    given: [followed()],
    when: follow({ reblogs: false }),
    expected: [{ type: 'ShowingReblogsChanged', data: { ...follows, showingReblogs: false } }],
  },
  {
    name: 'following again with notify false ends the subscription',
    given: [followed(), subscribed(A, B)],
    when: follow({ notify: false }),
    expected: [unsubscribed(A, B)],
  },
  {
    name: 'asking again while a request is pending changes nothing',
    given: [requested],
    when: follow({ targetLocked: true }),
    expected: [],
  },
  {
    name: 'following yourself is refused',
    given: [],
    when: { ...(follow() as object), targetId: A } as RelationshipCommand,
    error: { status: 400, message: 'Can not follow yourself' },
  },
  {
    name: 'following an account that blocks you is refused with its nickname',
    given: [blocked(B, A)],
    when: follow(),
    error: { code: 'blocked', status: 403, message: 'Could not follow user: bob blocked you.' },
  },
  {
    name: 'following an account you block is allowed (Pleroma does not refuse it)',
    given: [blocked(A, B)],
    when: follow(),
    expected: [followed()],
  },
  // Unfollow
  {
    name: 'unfollowing ends the follow',
    given: [followed()],
    when: { type: 'Unfollow', ...pair },
    expected: [{ type: 'Unfollowed', data: follows }],
  },
  {
    name: 'unfollowing ends the subscription too',
    given: [followed(), subscribed(A, B)],
    when: { type: 'Unfollow', ...pair },
    expected: [{ type: 'Unfollowed', data: follows }, unsubscribed(A, B)],
  },
  {
    name: 'unfollowing a pending request cancels it',
    given: [requested],
    when: { type: 'Unfollow', ...pair },
    expected: [{ type: 'FollowRequestCancelled', data: follows }],
  },
  {
    name: 'unfollowing an account not followed is Pleroma\'s "Not subscribed!"',
    given: [followedBack],
    when: { type: 'Unfollow', ...pair },
    error: { code: 'not_following', status: 400, message: 'Not subscribed!' },
  },
  {
    name: 'unfollowing yourself is refused',
    given: [],
    when: { type: 'Unfollow', actorId: A, targetId: A },
    error: { status: 400, message: 'Can not unfollow yourself' },
  },
  // Block
  {
    name: 'blocking a stranger blocks',
    given: [],
    when: { type: 'Block', ...pair },
    expected: [blocked(A, B)],
  },
  {
    name: "blocking ends both follows and the blocked one's subscription",
    given: [followed(), followedBack, subscribed(B, A), subscribed(A, B)],
    when: { type: 'Block', ...pair },
    expected: [
      blocked(A, B),
      { type: 'Unfollowed', data: follows },
      { type: 'Unfollowed', data: followsBack },
      unsubscribed(B, A),
    ],
  },
  {
    name: 'blocking ends pending requests both ways: cancels mine, rejects theirs',
    given: [requested, requestedBack],
    when: { type: 'Block', ...pair },
    expected: [
      blocked(A, B),
      { type: 'FollowRequestCancelled', data: follows },
      { type: 'FollowRequestRejected', data: followsBack },
    ],
  },
  {
    name: 'blocking twice changes nothing',
    given: [blocked(A, B)],
    when: { type: 'Block', ...pair },
    expected: [],
  },
  {
    name: 'blocking yourself is refused',
    given: [],
    when: { type: 'Block', actorId: A, targetId: A },
    error: { status: 400, message: 'Can not block yourself' },
  },
  {
    name: 'unblocking ends the block',
    given: [blocked(A, B)],
    when: { type: 'Unblock', ...pair },
    expected: [{ type: 'Unblocked', data: { blockerId: A, blockedId: B } }],
  },
  {
    name: "unblocking what is not blocked is Pleroma's 403 not_blocking (their block does not count)",
    given: [blocked(B, A)],
    when: { type: 'Unblock', ...pair },
    error: { code: 'not_blocking', status: 403, message: 'not_blocking' },
  },
  // Mute
  { name: 'muting mutes', given: [], when: mute(true, null), expected: [muted(true, null)] },
  {
    name: 'muting again the same way changes nothing',
    given: [muted(true, null)],
    when: mute(true, null),
    expected: [],
  },
  {
    name: 'muting again with other settings sets them',
    given: [muted(true, null)],
    when: mute(false, later),
    expected: [muted(false, later)],
  },
  {
    name: 'a mute past its end no longer counts: muting the same way again mutes',
    given: [muted(true, earlier)],
    when: mute(true, earlier),
    expected: [muted(true, earlier)],
  },
  {
    name: 'muting yourself is refused',
    given: [],
    when: { ...(mute(true, null) as object), targetId: A } as RelationshipCommand,
    error: { status: 400, message: 'Can not mute yourself' },
  },
  {
    name: 'unmuting ends a mute in force',
    given: [muted(true, later)],
    when: { type: 'Unmute', ...pair, now },
    expected: [{ type: 'Unmuted', data: { muterId: A, mutedId: B } }],
  },
  {
    name: 'unmuting an ended mute changes nothing',
    given: [muted(true, earlier)],
    when: { type: 'Unmute', ...pair, now },
    expected: [],
  },
  {
    name: 'unmuting what is not muted changes nothing',
    given: [],
    when: { type: 'Unmute', ...pair, now },
    expected: [],
  },
  // Subscriptions (§5.1)
  {
    name: 'subscribing without following subscribes',
    given: [],
    when: { type: 'Subscribe', ...pair, targetNickname: 'bob' },
    expected: [subscribed(A, B)],
  },
  {
    name: 'subscribing twice changes nothing',
    given: [subscribed(A, B)],
    when: { type: 'Subscribe', ...pair, targetNickname: 'bob' },
    expected: [],
  },
  {
    name: "subscribing to an account that blocks you is §5.1's 403",
    given: [blocked(B, A)],
    when: { type: 'Subscribe', ...pair, targetNickname: 'bob' },
    error: { status: 403, message: 'Could not subscribe: bob is blocking you' },
  },
  {
    name: 'subscribing to yourself is refused',
    given: [],
    when: { type: 'Subscribe', actorId: A, targetId: A, targetNickname: 'alice' },
    error: { status: 400, message: 'Can not subscribe to yourself' },
  },
  {
    name: 'unsubscribing ends the subscription',
    given: [subscribed(A, B)],
    when: { type: 'Unsubscribe', ...pair },
    expected: [unsubscribed(A, B)],
  },
  {
    name: 'unsubscribing without a subscription changes nothing',
    given: [],
    when: { type: 'Unsubscribe', ...pair },
    expected: [],
  },
  // Follow requests
  {
    name: 'authorizing a pending request makes it a follow',
    given: [requested],
    when: answer('AuthorizeFollowRequest'),
    expected: [{ type: 'FollowRequestAuthorized', data: follows }],
  },
  {
    name: 'authorizing an accepted follow changes nothing',
    given: [followed()],
    when: answer('AuthorizeFollowRequest'),
    expected: [],
  },
  {
    name: 'authorizing without a request is 404',
    given: [followedBack],
    when: answer('AuthorizeFollowRequest'),
    error: { status: 404, message: 'Record not found' },
  },
  {
    name: 'rejecting a pending request ends it',
    given: [requested],
    when: answer('RejectFollowRequest'),
    expected: [{ type: 'FollowRequestRejected', data: follows }],
  },
  {
    name: "rejecting an accepted follower removes them, as Pleroma's reject does",
    given: [followed()],
    when: answer('RejectFollowRequest'),
    expected: [{ type: 'FollowRequestRejected', data: follows }],
  },
  {
    name: 'rejecting without a request is 404',
    given: [],
    when: answer('RejectFollowRequest'),
    error: { status: 404, message: 'Record not found' },
  },
  {
    name: 'an authorized request keeps the reblogs asked for, and can be unfollowed',
    given: [
      { type: 'FollowRequested', data: { ...follows, showingReblogs: false } },
      { type: 'FollowRequestAuthorized', data: follows },
    ],
    when: follow({ reblogs: false }),
    expected: [],
  },
  {
    name: "removing a deleted account's relationships ends its follow, the follower's, blocks, mutes and subscriptions both ways",
    given: [followed(), followedBack, blocked(B, A), muted(true, null), subscribed(A, B), subscribed(B, A)],
    when: removeOfDeleted,
    expected: [
      { type: 'Unfollowed', data: follows },
      { type: 'Unmuted', data: { muterId: A, mutedId: B } },
      unsubscribed(A, B),
      { type: 'Unfollowed', data: followsBack },
      { type: 'Unblocked', data: { blockerId: B, blockedId: A } },
      unsubscribed(B, A),
    ],
  },
  {
    name: "removing a deleted account's relationships cancels its request and rejects the other's",
    given: [requested, requestedBack, blocked(A, B)],
    when: removeOfDeleted,
    expected: [
      { type: 'FollowRequestCancelled', data: follows },
      { type: 'Unblocked', data: { blockerId: A, blockedId: B } },
      { type: 'FollowRequestRejected', data: followsBack },
    ],
  },
  {
    name: "removing a deleted account's relationships again appends nothing",
    given: [followed(), { type: 'Unfollowed', data: follows }],
    when: removeOfDeleted,
    expected: [],
  },
];

describe('relationship decider', () => {
  it.each(cases)('$name', (testCase) => runCase(relationshipDecider, testCase));

  it('keeps both directions of a pair on one stream, whoever acts', () => {
    expect(relationshipStream(A, B)).toBe(relationshipStream(B, A));
    expect(relationshipStream(A, B)).toBe('relationship-100-200');
  });
});
