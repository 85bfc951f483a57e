import { notificationId } from '../../src/domain/notification/rules.js';
import { eventId } from '../../src/domain/shared/ids.js';
import type { StatusPostedData } from '../../src/domain/status/events.js';
import { accountsProjector } from '../../src/projections/accounts/projector.js';
import { notificationsProjector } from '../../src/projections/notifications/projector.js';
import { statusesProjector } from '../../src/projections/statuses/projector.js';
import { statusPostedData } from './events.js';
import { projectorHistory } from './projectorsHistory.js';

const start = Date.parse('2025-03-01T10:00:00Z');
export const timeOf = (i: number) => new Date(start + i * 1000);
export const idOf = (i: number) => notificationId(eventId('notifications-test', i), timeOf(i));

const posted = (statusId: string, accountId: string, data: Partial<StatusPostedData> = {}) => ({
  type: 'StatusPosted',
  data: { ...statusPostedData({ statusId, accountId, postedAt: new Date(start).toISOString(), ...data }) },
});
const pair = (x: string, y: string) => (x < y ? `relationship-${x}-${y}` : `relationship-${y}-${x}`);

/** [stream, event]; the index is the event's place (its id and time derive from it). */
const history: [string, { type: string; data: Record<string, unknown> }][] = [
  /* 0 */ ['status-1', posted('1', 'a', { mentions: [{ accountId: 'b', nickname: 'b' }] })],
  /* 1 */ [pair('c', 'a'), { type: 'SubscriptionAdded', data: { subscriberId: 'c', targetId: 'a' } }],
  /* 2 */ ['status-2', posted('2', 'a')],
  /* 3 */ [
    'favourite-b_1',
    { type: 'StatusFavourited', data: { favouriteId: '31', accountId: 'b', statusId: '1' } },
  ],
  /* 4 */ [
    'reaction-b_1',
    {
      type: 'ReactionAdded',
      data: { reactionId: '41', accountId: 'b', statusId: '1', emoji: '👍', url: null },
    },
  ],
  /* 5 */ [
    pair('b', 'a'),
    { type: 'Followed', data: { followerId: 'b', followedId: 'a', showingReblogs: true } },
  ],
  /* 6 */ [pair('a', 'd'), { type: 'Blocked', data: { blockerId: 'a', blockedId: 'd' } }],
  /* 7 */ [
    'favourite-d_1',
    { type: 'StatusFavourited', data: { favouriteId: '71', accountId: 'd', statusId: '1' } },
  ],
  /* 8 */ [
    pair('a', 'c'),
    { type: 'Muted', data: { muterId: 'a', mutedId: 'c', notifications: false, expiresAt: null } },
  ],
  /* 9 */ [
    'reaction-c_1',
    {
      type: 'ReactionAdded',
      data: { reactionId: '91', accountId: 'c', statusId: '1', emoji: 'blob', url: 'https://x/blob.png' },
    },
  ],
  /* 10 */ [
    'favourite-b_1',
    { type: 'FavouriteRemoved', data: { favouriteId: '31', accountId: 'b', statusId: '1' } },
  ],
  /* 11 */ [
    'reaction-b_1',
    {
      type: 'ReactionRemoved',
      data: { reactionId: '41', accountId: 'b', statusId: '1', emoji: '👍', url: null },
    },
  ],
  /* 12 */ [
    pair('c', 'b'),
    { type: 'FollowRequested', data: { followerId: 'c', followedId: 'b', showingReblogs: true } },
  ],
  /* 13 */ [pair('c', 'b'), { type: 'FollowRequestAuthorized', data: { followerId: 'c', followedId: 'b' } }],
  /* 14 */ ['status-2', { type: 'StatusDeleted', data: { statusId: '2', accountId: 'a' } }],
  /* 15 */ [
    'notifications-b',
    {
      type: 'NotificationSettingsUpdated',
      data: { accountId: 'b', blockFromStrangers: true, hideNotificationContents: false },
    },
  ],
  /* 16 */ ['status-3', posted('3', 'd', { mentions: [{ accountId: 'b', nickname: 'b' }] })],
  /* 17 */ [
    'notifications-a',
    { type: 'NotificationDismissed', data: { accountId: 'a', notificationId: idOf(5) } },
  ],
  /* 18 */ [
    'move-m',
    {
      type: 'MoveFollowersListed',
      data: { moveId: 'm', originId: 'a', targetId: 'd', chunk: 0, followerIds: ['b'], last: true },
    },
  ],
  /* 19 */ ['notifications-b', { type: 'NotificationsReadUpTo', data: { accountId: 'b', maxId: idOf(13) } }],
  /* 20 */ [
    'notifications-a',
    { type: 'NotificationsMarkerSaved', data: { accountId: 'a', lastReadId: '123' } },
  ],
  /* 21 */ [
    pair('e', 'a'),
    { type: 'FollowRequested', data: { followerId: 'e', followedId: 'a', showingReblogs: true } },
  ],
  /* 22 */ [pair('e', 'a'), { type: 'FollowRequestCancelled', data: { followerId: 'e', followedId: 'a' } }],
];

/**
 * The history above, for the notifications projector, whose notifications are read with their statuses (and
 * without deactivated actors' ones, from the accounts tables).
 */
export const notificationsHistory = projectorHistory('notifications-test', history, {
  time: (i) => timeOf(i).toISOString(),
  projector: notificationsProjector,
  alsoTables: [statusesProjector, accountsProjector],
});
