import type { NotificationSettings } from './events.js';

/**
 * The user's acts on their notifications. Whether a notification exists is a fact of the read model (the
 * notifications are derived, not stored on this stream): the use case looks it up and passes it as `found`.
 */
export type NotificationCommand =
  | { type: 'ClearNotifications'; accountId: string }
  | { type: 'DismissNotification'; accountId: string; notificationId: string; found: boolean }
  | { type: 'ReadNotification'; accountId: string; notificationId: string; found: boolean }
  | { type: 'ReadNotificationsUpTo'; accountId: string; maxId: string }
  | { type: 'UpdateNotificationSettings'; accountId: string; changes: Partial<NotificationSettings> }
  | { type: 'SaveNotificationsMarker'; accountId: string; lastReadId: string };
