import type { NotificationSettings } from './events.js';

/**
 * The user's acts on their notifications. Whether a notification exists is a fact of the read model (the
 * notifications are derived, not stored on this stream): the use case looks it up and passes it as `found`.
 */
export type NotificationCommand =
  | { type: 'ClearNotifications'; accountId: string }
  | { type: 'DismissNotification'; accountId: string; notificationId: string; found: boolean }
  /** Those of the ids that are the user's (found); the others are passed over, as Pleroma's query does. */
  | { type: 'DismissNotifications'; accountId: string; found: readonly string[] }
  | { type: 'ReadNotification'; accountId: string; notificationId: string; found: boolean }
  | { type: 'ReadNotificationsUpTo'; accountId: string; maxId: string }
  | { type: 'UpdateNotificationSettings'; accountId: string; changes: Partial<NotificationSettings> }
  | { type: 'SaveNotificationsMarker'; accountId: string; lastReadId: string };
