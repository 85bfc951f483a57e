import { describe, expect, it } from 'vitest';
import {
  type CauseEvent,
  type CauseFacts,
  type NewNotification,
  NO_RELATION,
  notificationId,
  notificationsFor,
  type RecipientFacts,
} from '../../src/domain/notification/rules.js';
import type { StatusPostedData } from '../../src/domain/status/events.js';
import { statusPostedData } from '../helpers/events.js';

const time = new Date('2025-01-01T12:00:00Z');
const later = '2025-01-02T00:00:00.000Z';
const earlier = '2024-12-31T00:00:00.000Z';
const noFacts: CauseFacts = { statusAuthorId: null, subscriberIds: [] };

const posted = (data: Partial<StatusPostedData>): CauseEvent => ({
  type: 'StatusPosted',
  data: statusPostedData({ statusId: '100', accountId: 'author', postedAt: time.toISOString(), ...data }),
});
const mention = (accountId: string) => ({ accountId, nickname: accountId });
const favourited: CauseEvent = {
  type: 'StatusFavourited',
  data: { favouriteId: '7', accountId: 'fan', statusId: '100' },
};
const reacted = (emoji: string, url: string | null): CauseEvent => ({
  type: 'ReactionAdded',
  data: { reactionId: '8', accountId: 'fan', statusId: '100', emoji, url },
});
const followed: CauseEvent = {
  type: 'Followed',
  data: { followerId: 'fan', followedId: 'author', showingReblogs: true },
};
const requested: CauseEvent = {
  type: 'FollowRequested',
  data: { followerId: 'fan', followedId: 'author', showingReblogs: true },
};
const moved: CauseEvent = {
  type: 'MoveFollowersListed',
  data: { moveId: 'm1', originId: 'old', targetId: 'new', chunk: 0, followerIds: ['f1', 'f2'], last: true },
};

type Row = [
  string,
  CauseEvent,
  Partial<CauseFacts>,
  Record<string, Partial<RecipientFacts>>,
  Partial<NewNotification>[],
];

/** Which event notifies whom, and what: [name, event, cause facts, recipients' facts, expected]. */
const table: Row[] = [
  [
    'a mention notifies the mentioned account',
    posted({ mentions: [mention('bob')] }),
    {},
    {},
    [{ recipientId: 'bob', type: 'mention', actorId: 'author', statusId: '100', cause: 'status:100' }],
  ],
  ['mentioning oneself notifies nobody', posted({ mentions: [mention('author')] }), {}, {}, []],
  [
    'a public reply notifies the replied-to author, unmentioned',
    posted({ inReplyToId: '50', inReplyToAccountId: 'carol' }),
    {},
    {},
    [{ recipientId: 'carol', type: 'mention' }],
  ],
  [
    'a followers-only reply reaches the replied-to author only when mentioned',
    posted({ visibility: 'private', inReplyToId: '50', inReplyToAccountId: 'carol' }),
    {},
    {},
    [],
  ],
  [
    'a new post notifies subscribers with a status notification',
    posted({}),
    { subscriberIds: ['sub'] },
    {},
    [{ recipientId: 'sub', type: 'status', statusId: '100' }],
  ],
  [
    'a subscriber also mentioned gets one mention, no status',
    posted({ mentions: [mention('sub')] }),
    { subscriberIds: ['sub'] },
    {},
    [{ recipientId: 'sub', type: 'mention' }],
  ],
  [
    'a reply notifies no subscriber',
    posted({ inReplyToId: '50', inReplyToAccountId: 'author' }),
    { subscriberIds: ['sub'] },
    {},
    [],
  ],
  [
    'a direct post notifies no subscriber',
    posted({ visibility: 'direct' }),
    { subscriberIds: ['sub'] },
    {},
    [],
  ],
  [
    'a followers-only post notifies only subscribers who follow',
    posted({ visibility: 'private' }),
    { subscriberIds: ['sub', 'fol'] },
    { fol: { followsActor: true } },
    [{ recipientId: 'fol', type: 'status' }],
  ],
  [
    'a favourite notifies the status author',
    favourited,
    { statusAuthorId: 'author' },
    {},
    [{ recipientId: 'author', type: 'favourite', actorId: 'fan', statusId: '100', cause: 'favourite:7' }],
  ],
  ['a favourite of an unknown or deleted status notifies nobody', favourited, {}, {}, []],
  ['favouriting one’s own status notifies nobody', favourited, { statusAuthorId: 'fan' }, {}, []],
  [
    'a Unicode reaction carries the emoji and no URL (§9.6)',
    reacted('👍', null),
    { statusAuthorId: 'author' },
    {},
    [{ type: 'pleroma:emoji_reaction', emoji: '👍', emojiUrl: null, cause: 'reaction:8', statusId: '100' }],
  ],
  [
    'a custom reaction carries :shortcode: and its URL',
    reacted('blob', 'https://x/blob.png'),
    { statusAuthorId: 'author' },
    {},
    [{ emoji: ':blob:', emojiUrl: 'https://x/blob.png' }],
  ],
  [
    'a follow notifies the followed account',
    followed,
    {},
    {},
    [{ recipientId: 'author', type: 'follow', actorId: 'fan', cause: 'follow:fan', statusId: null }],
  ],
  [
    'a follow request notifies the locked account',
    requested,
    {},
    {},
    [{ recipientId: 'author', type: 'follow_request', cause: 'follow:fan' }],
  ],
  [
    'a move notifies every listed follower, with the target',
    moved,
    {},
    {},
    [
      { recipientId: 'f1', type: 'move', actorId: 'old', targetId: 'new', cause: 'move:m1' },
      { recipientId: 'f2', type: 'move', actorId: 'old', targetId: 'new', cause: 'move:m1' },
    ],
  ],
  // The recipient's rules.
  ['nothing from an account the recipient blocks', followed, {}, { author: { blocksActor: true } }, []],

  [
    'nothing from an account muted with its notifications',
    followed,
    {},
    { author: { mute: { notifications: true, expiresAt: null } } },
    [],
  ],
  [
    'an account muted without its notifications notifies, already seen',
    followed,
    {},
    { author: { mute: { notifications: false, expiresAt: null } } },
    [{ type: 'follow', seen: true }],
  ],
  [
    'a mute that has ended mutes nothing',
    followed,
    {},
    { author: { mute: { notifications: true, expiresAt: earlier } } },
    [{ type: 'follow', seen: false }],
  ],
  [
    'a mute ending later still mutes',
    followed,
    {},
    { author: { mute: { notifications: true, expiresAt: later } } },
    [],
  ],
  [
    'block_from_strangers: nothing from an account not followed (§1.4)',
    followed,
    {},
    { author: { blockFromStrangers: true } },
    [],
  ],
  [
    'block_from_strangers: an account followed still notifies',
    followed,
    {},
    { author: { blockFromStrangers: true, followsActor: true } },
    [{ type: 'follow' }],
  ],
  [
    'block_from_strangers applies per recipient',
    moved,
    {},
    { f1: { blockFromStrangers: true } },
    [{ recipientId: 'f2' }],
  ],
];

describe('which event makes which notification for whom (rules.ts)', () => {
  it.each(table)('%s', (_name, event, cause, recipients, expected) => {
    const facts = { ...noFacts, ...cause };
    const result = notificationsFor(event, facts, (id) => ({ ...NO_RELATION, ...recipients[id] }), time);
    expect(result).toHaveLength(expected.length);
    for (const [i, partial] of expected.entries()) expect(result[i]).toMatchObject(partial);
  });

  it('admits unseen by default and keeps no rule field', () => {
    const [notification] = notificationsFor(followed, noFacts, () => NO_RELATION, time);
    expect(notification).toEqual({
      recipientId: 'author',
      type: 'follow',
      actorId: 'fan',
      statusId: null,
      targetId: null,
      emoji: null,
      emojiUrl: null,
      cause: 'follow:fan',
      seen: false,
    });
  });
});

describe('notification ids', () => {
  it('carry the cause’s time and are the same on every replay', () => {
    const id = notificationId('0b1c-event', time);
    expect(id).toBe(notificationId('0b1c-event', time));
    expect(BigInt(id) >> 16n).toBe(BigInt(time.getTime()));
    expect(notificationId('another-event', time)).not.toBe(id);
  });
});
