import type { NotificationRecord, NotificationsMarker } from '../../projections/notifications/queries.js';
import type { Account } from '../entities/account.js';
import type { Marker, Notification } from '../entities/notification.js';
import type { Status } from '../entities/status.js';

/** What one notification shows beside its row, rendered by the caller. */
export interface NotificationParts {
  account: Account;
  status?: Status;
  target?: Account;
}

/** Pleroma's to_masto_date: seconds precision, `.000Z`. */
const mastoDate = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();

const WITH_STATUS = new Set([
  'mention',
  'status',
  'favourite',
  'reblog',
  'update',
  'poll',
  'pleroma:emoji_reaction',
]);

/** §12.4, Pleroma's NotificationView "show.json". Pure. */
export function renderNotification(record: NotificationRecord, parts: NotificationParts): Notification {
  const view: Notification = {
    id: record.id,
    group_key: `ungrouped-${record.id}`,
    type: record.type,
    created_at: mastoDate(record.createdAt),
    account: parts.account,
    pleroma: { is_seen: record.seen, is_muted: record.isMuted },
  };
  if (WITH_STATUS.has(record.type) && parts.status) view.status = parts.status;
  if (record.type === 'move' && parts.target) view.target = parts.target;
  if (record.type === 'pleroma:emoji_reaction') {
    view.emoji = record.emoji ?? '';
    view.emoji_url = record.emojiUrl;
  }
  return view;
}

/** What a notification needs rendered: its actor, and its status or target for the types that have one. */
export function needs(record: NotificationRecord): { status: boolean; target: boolean } {
  return { status: WITH_STATUS.has(record.type), target: record.type === 'move' };
}

/** Pleroma's MarkerView: `updated_at` is a naive ISO time there; Mastodon's full form is what clients parse. */
export function renderMarker(marker: NotificationsMarker): Marker {
  return {
    last_read_id: marker.lastReadId,
    // Pleroma's markers never count their saves (lock_version stays at its default).
    version: 0,
    updated_at: marker.updatedAt.toISOString(),
    pleroma: { unread_count: marker.unreadCount },
  };
}
