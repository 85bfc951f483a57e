import { describe, expect, it } from 'vitest';
import {
  notificationSettings,
  notificationsMarker,
  notificationsPage,
  unreadCount,
} from '../../src/projections/notifications/queries.js';
import { idOf, notificationsHistory } from '../helpers/notificationsProjector.js';

// The numbers in the comments are places in the history (helpers/notificationsProjector.ts); idOf(i) is the id
// of the notification the i-th event made. Replays, rebuilds and batches are in
// notifications.replay.projector.int.test.ts.
describe('notifications projector', () => {
  const history = notificationsHistory();
  const page = { limit: 40 };
  const list = async (accountId: string) =>
    (await notificationsPage(history.db, accountId, {}, page)).map((n) => [n.type, n.actorId, n.id, n.seen]);

  it('notifies as the rules say, and removes what was undone', async () => {
    await history.applyAll();
    // a: the follow (5) dismissed, favourite (3) and 👍 (4) undone, d's favourite (7) blocked; c's custom
    // reaction (9) arrives seen (muted without notifications); e's request (21) stays though cancelled (22).
    expect(await list('a')).toEqual([
      ['follow_request', 'e', idOf(21), false],
      ['pleroma:emoji_reaction', 'c', idOf(9), true],
    ]);
    // b: mentioned (0), c's request turned follow (12→13), read up to it; the move (18) from a, whom b
    // follows; d's mention (16) refused by block_from_strangers.
    expect(await list('b')).toEqual([
      ['move', 'a', idOf(18), false],
      ['follow', 'c', idOf(12), true],
      ['mention', 'a', idOf(0), true],
    ]);
    // c's status notification (2) went with the deleted status.
    expect(await list('c')).toEqual([]);
  });

  it('keeps settings, unread counts and the marker', async () => {
    expect(await notificationSettings(history.db, 'b')).toEqual({
      blockFromStrangers: true,
      hideNotificationContents: false,
    });
    expect(await unreadCount(history.db, 'b')).toBe(1);
    expect(await notificationsMarker(history.db, 'b')).toMatchObject({
      lastReadId: idOf(12),
      unreadCount: 1,
    });
    expect(await notificationsMarker(history.db, 'a')).toMatchObject({
      lastReadId: '123',
      unreadCount: 1,
    });
    expect(await notificationsMarker(history.db, 'nobody')).toBeUndefined();
  });
});
