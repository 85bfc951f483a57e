import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/api/entities/account.js';
import type { Status } from '../../src/api/entities/status.js';
import { renderMarker, renderNotification } from '../../src/api/views/notification.js';
import type { NotificationRecord } from '../../src/projections/notifications/queries.js';

const account = { id: 'actor' } as Account;
const target = { id: 'target' } as Account;
const status = { id: '100' } as Status;
const record = (changes: Partial<NotificationRecord>): NotificationRecord => ({
  id: '42',
  type: 'follow',
  actorId: 'actor',
  statusId: null,
  targetId: null,
  emoji: null,
  emojiUrl: null,
  seen: false,
  isMuted: false,
  status: undefined,
  createdAt: new Date('2025-01-02T03:04:05.678Z'),
  ...changes,
});

describe('the Notification entity (§12.4)', () => {
  it('renders the common fields: string id, group_key, Pleroma’s seconds-precision date, pleroma flags', () => {
    expect(renderNotification(record({ seen: true, isMuted: true }), { account })).toEqual({
      id: '42',
      group_key: 'ungrouped-42',
      type: 'follow',
      created_at: '2025-01-02T03:04:05.000Z',
      account,
      pleroma: { is_seen: true, is_muted: true },
    });
  });

  it('adds the status to mentions, favourites and reactions, and emoji with its URL to reactions (§9.6)', () => {
    expect(
      renderNotification(record({ type: 'favourite', statusId: '100' }), { account, status }).status,
    ).toBe(status);
    const reaction = renderNotification(
      record({
        type: 'pleroma:emoji_reaction',
        statusId: '100',
        emoji: ':blob:',
        emojiUrl: 'https://x/b.png',
      }),
      { account, status },
    );
    expect(reaction).toMatchObject({ status, emoji: ':blob:', emoji_url: 'https://x/b.png' });
  });

  it('adds the target to moves, and nothing else to follows', () => {
    expect(renderNotification(record({ type: 'move', targetId: 'target' }), { account, target }).target).toBe(
      target,
    );
    const follow = renderNotification(record({}), { account, status, target });
    expect(Object.keys(follow)).not.toContain('status');
    expect(Object.keys(follow)).not.toContain('target');
  });

  it('renders the marker with Pleroma’s unread_count and lock_version (always 0)', () => {
    const marker = { lastReadId: '9', updatedAt: new Date(0), unreadCount: 5 };
    expect(renderMarker(marker)).toEqual({
      last_read_id: '9',
      version: 0,
      updated_at: '1970-01-01T00:00:00.000Z',
      pleroma: { unread_count: 5 },
    });
  });
});
