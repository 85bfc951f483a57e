import { describe, it } from 'vitest';
import {
  type RelationshipCommand,
  type RelationshipEvent,
  relationshipDecider,
} from '../../src/domain/relationship/index.js';
import { type DeciderCase, runCase } from '../helpers/decider.js';
import {
  A,
  B,
  blocked,
  followed,
  followedBack,
  follows,
  followsBack,
  pair,
  requested,
  subscribed,
  unsubscribed,
} from '../helpers/relationshipDecider.js';

// Blocks, mutes and a deleted account's removal; follows, requests and subscriptions are in
// relationship.follows.unit.test.ts.
const now = new Date('2025-01-01T12:00:00.000Z');
const later = '2025-01-02T12:00:00.000Z';
const earlier = '2025-01-01T11:00:00.000Z';

const requestedBack: RelationshipEvent = {
  type: 'FollowRequested',
  data: { ...followsBack, showingReblogs: true },
};
const muted = (notifications: boolean, expiresAt: string | null): RelationshipEvent => ({
  type: 'Muted',
  data: { muterId: A, mutedId: B, notifications, expiresAt },
});

const removeOfDeleted: RelationshipCommand = { type: 'RemoveRelationshipsOfDeletedAccount', ...pair };
const mute = (notifications: boolean, expiresAt: string | null): RelationshipCommand => ({
  type: 'Mute',
  ...pair,
  notifications,
  expiresAt,
  now,
});

const cases: DeciderCase<RelationshipCommand, RelationshipEvent>[] = [
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
    name: 'muting again with another end sets it; notifications stay muted (Pleroma only adds that mute)',
    given: [muted(true, null)],
    when: mute(false, later),
    expected: [muted(true, later)],
  },
  {
    name: 'muting again with notifications adds their mute',
    given: [muted(false, null)],
    when: mute(true, null),
    expected: [muted(true, null)],
  },
  {
    name: 'muting again without notifications, already so, changes nothing',
    given: [muted(true, null)],
    when: mute(false, null),
    expected: [],
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
});
