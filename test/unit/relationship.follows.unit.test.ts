import { describe, expect, it } from 'vitest';
import {
  type RelationshipCommand,
  type RelationshipEvent,
  relationshipDecider,
  relationshipStream,
} from '../../src/domain/relationship/index.js';
import { type DeciderCase, runCase } from '../helpers/decider.js';
import {
  A,
  B,
  blocked,
  followed,
  followedBack,
  follows,
  pair,
  requested,
  subscribed,
  unsubscribed,
} from '../helpers/relationshipDecider.js';

// Follows, follow requests and subscriptions; blocks, mutes and a deleted account's removal are in
// relationship.blocks.unit.test.ts.
const follow = (
  extra: Partial<Extract<RelationshipCommand, { type: 'Follow' }>> = {},
): RelationshipCommand => ({
  type: 'Follow',
  ...pair,
  targetNickname: 'bob',
  targetLocked: false,
  ...extra,
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
    name: 'a follow without reblogs after an unfollow keeps the earlier choice (the reblog mute outlives it)',
    given: [followed(false), { type: 'Unfollowed', data: follows }],
    when: follow(),
    expected: [followed(false)],
  },
  {
    name: 'a follow with reblogs after an unfollow takes them',
    given: [followed(false), { type: 'Unfollowed', data: follows }],
    when: follow({ reblogs: true }),
    expected: [followed(true)],
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
];

describe('relationship decider', () => {
  it.each(cases)('$name', (testCase) => runCase(relationshipDecider, testCase));

  it('keeps both directions of a pair on one stream, whoever acts', () => {
    expect(relationshipStream(A, B)).toBe(relationshipStream(B, A));
    expect(relationshipStream(A, B)).toBe('relationship-100-200');
  });
});
