import type { AccountEvent } from '../../src/domain/account/index.js';
import { type RelationshipEvent, relationshipStream } from '../../src/domain/relationship/index.js';
import { idAtTime } from '../../src/domain/shared/ids.js';
import type { StatusEvent, Visibility } from '../../src/domain/status/events.js';
import { accountsProjector } from '../../src/projections/accounts/projector.js';
import { relationshipsProjector } from '../../src/projections/relationships/projector.js';
import { projectorHistory } from './projectorsHistory.js';

export const [a, b, c, d, e, f] = ['1', '2', '3', '4', '5', '6'];
const past = '2020-01-01T00:00:00.000Z';
export const authorizedAt = '2025-03-01T10:00:00.000Z';

export type Event = RelationshipEvent | AccountEvent | StatusEvent;
export const follow = (type: RelationshipEvent['type'], followerId: string, followedId: string, extra = {}) =>
  ({ type, data: { followerId, followedId, ...extra } }) as RelationshipEvent;
const block = (type: 'Blocked' | 'Unblocked', blockerId: string, blockedId: string): Event => ({
  type,
  data: { blockerId, blockedId },
});
const mute = (muterId: string, mutedId: string, notifications: boolean, expiresAt: string | null): Event => ({
  type: 'Muted',
  data: { muterId, mutedId, notifications, expiresAt },
});
const subscription = (
  type: 'SubscriptionAdded' | 'SubscriptionRemoved',
  subscriberId: string,
  targetId: string,
) => ({ type, data: { subscriberId, targetId } }) as Event;

const posted = (
  statusId: string,
  accountId: string,
  visibility: Visibility,
  addressed: string[] = [],
): Event => ({
  type: 'StatusPosted',
  data: {
    statusId,
    objectId: `object-${statusId}`,
    accountId,
    visibility,
    text: 'hello',
    contentHtml: 'hello',
    spoilerText: '',
    sensitive: false,
    inReplyToId: null,
    inReplyToAccountId: null,
    mentions: addressed.map((id) => ({ accountId: id, nickname: `user${id}` })),
    tags: [],
    language: null,
    context: `context-${statusId}`,
    postedAt: new Date().toISOString(),
    application: null,
    mediaIds: [],
    emojis: [],
    expiresAt: null,
  },
});

// Home feeds: g follows h, then stops; statuses posted (ids from a minute ahead, so after every follow here).
export const [g, h] = ['7', '8'];
export const [s1, s2, s3, s4] = [1n, 2n, 3n, 4n].map((n) =>
  (BigInt(idAtTime(new Date(Date.now() + 60_000))) + n).toString(),
);

/** [stream, event, time] in order. */
const history: [string, Event, string?][] = [
  [relationshipStream(a, b), follow('Followed', a, b, { showingReblogs: true })],
  [relationshipStream(c, b), follow('FollowRequested', c, b, { showingReblogs: true })],
  [relationshipStream(c, b), follow('FollowRequestAuthorized', c, b), authorizedAt],
  [relationshipStream(b, a), follow('Followed', b, a, { showingReblogs: true })],
  [relationshipStream(a, b), follow('ShowingReblogsChanged', a, b, { showingReblogs: false })],
  [relationshipStream(d, b), follow('Followed', d, b, { showingReblogs: true })],
  [relationshipStream(d, b), follow('Unfollowed', d, b)],
  [relationshipStream(d, a), follow('FollowRequested', d, a, { showingReblogs: true })],
  [relationshipStream(d, a), follow('FollowRequestCancelled', d, a)],
  [relationshipStream(c, a), follow('FollowRequested', c, a, { showingReblogs: true })],
  [relationshipStream(c, a), follow('FollowRequestRejected', c, a)],
  [relationshipStream(d, c), follow('FollowRequested', d, c, { showingReblogs: true })],
  [relationshipStream(a, d), block('Blocked', a, d)],
  [relationshipStream(d, c), block('Blocked', d, c)],
  [relationshipStream(d, c), block('Unblocked', d, c)],
  [relationshipStream(a, c), mute(a, c, false, null)],
  [relationshipStream(a, d), mute(a, d, true, past)],
  [relationshipStream(b, c), mute(b, c, true, null)],
  [relationshipStream(b, c), { type: 'Unmuted', data: { muterId: b, mutedId: c } }],
  [relationshipStream(a, b), subscription('SubscriptionAdded', a, b)],
  [relationshipStream(c, b), subscription('SubscriptionAdded', c, b)],
  [relationshipStream(c, b), subscription('SubscriptionRemoved', c, b)],
  // f and a follow each other until f blocks a: the block's decision ends both follows.
  [relationshipStream(f, a), follow('Followed', f, a, { showingReblogs: true })],
  [relationshipStream(f, a), follow('Followed', a, f, { showingReblogs: true })],
  [relationshipStream(f, a), block('Blocked', f, a)],
  [relationshipStream(f, a), follow('Unfollowed', f, a)],
  [relationshipStream(f, a), follow('Unfollowed', a, f)],
  [`account-${b}`, { type: 'Moved', data: { accountId: b, targetAccountId: c } }],
  // An account with relationships of all kinds, then deleted: nothing of it stays.
  [relationshipStream(e, a), follow('Followed', e, a, { showingReblogs: true })],
  [relationshipStream(e, b), block('Blocked', e, b)],
  [relationshipStream(e, c), mute(e, c, true, null)],
  [relationshipStream(a, e), subscription('SubscriptionAdded', a, e)],
  [`account-${e}`, { type: 'AccountDeleted', data: { accountId: e, nickname: 'e', emailIndex: null } }],
  [relationshipStream(g, h), follow('Followed', g, h, { showingReblogs: true })],
  [`status-${s1}`, posted(s1!, h, 'public')],
  [`status-${s2}`, posted(s2!, h, 'direct', [g])],
  [`status-${s3}`, posted(s3!, h, 'private', [g])],
  [relationshipStream(g, h), follow('Unfollowed', g, h)],
  [`status-${s4}`, posted(s4!, h, 'public')],
  [`status-${s3}`, { type: 'StatusDeleted', data: { statusId: s3!, accountId: h } }],
];

/** The history above, for the relationships projector (its lists leave deactivated accounts out: the accounts tables). */
export const relationshipsHistory = projectorHistory('relationships-test', history, {
  time: (i) => history[i]![2] ?? new Date().toISOString(),
  projector: relationshipsProjector,
  alsoTables: [accountsProjector],
});
