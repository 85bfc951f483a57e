import type { DomainEvent } from '../shared/decider.js';

/**
 * What a user does with their notifications (§4, §1.4, markers), on the stream `notifications-<accountId>`.
 * Notifications themselves are not events: the notifications read model derives them from the facts that
 * cause them (a mention, a favourite, a follow…), see rules.ts. These events are the user's own acts on that
 * derived list, so the history shows them and a replay repeats them.
 */

/** `POST /api/v1/notifications/clear`: every notification the account has at this point is gone. */
export type NotificationsCleared = DomainEvent<'NotificationsCleared', { accountId: string }>;
/** `POST /api/v1/notifications/:id/dismiss`: one is gone. */
export type NotificationDismissed = DomainEvent<
  'NotificationDismissed',
  { accountId: string; notificationId: string }
>;
/** `POST /api/v1/pleroma/notifications/read` with `id`: one is seen. */
export type NotificationRead = DomainEvent<'NotificationRead', { accountId: string; notificationId: string }>;
/** `POST /api/v1/pleroma/notifications/read` with `max_id`: every unseen one with an id up to `maxId` is seen. */
export type NotificationsReadUpTo = DomainEvent<
  'NotificationsReadUpTo',
  { accountId: string; maxId: string }
>;
/** `PUT /api/pleroma/notification_settings` (§1.4): the settings as they are afterwards. */
export type NotificationSettingsUpdated = DomainEvent<
  'NotificationSettingsUpdated',
  { accountId: string } & NotificationSettings
>;
/** `POST /api/v1/markers`: the client's position in its notifications (Pleroma keeps no other timeline). */
export type NotificationsMarkerSaved = DomainEvent<
  'NotificationsMarkerSaved',
  { accountId: string; lastReadId: string }
>;

export type NotificationEvent =
  | NotificationsCleared
  | NotificationDismissed
  | NotificationRead
  | NotificationsReadUpTo
  | NotificationSettingsUpdated
  | NotificationsMarkerSaved;

export const notificationEventTypes = [
  'NotificationsCleared',
  'NotificationDismissed',
  'NotificationRead',
  'NotificationsReadUpTo',
  'NotificationSettingsUpdated',
  'NotificationsMarkerSaved',
] as const satisfies readonly NotificationEvent['type'][];

/** §1.4: both default to false. */
export interface NotificationSettings {
  /** Only accounts the user follows notify them. */
  blockFromStrangers: boolean;
  /** Web Push payloads carry no contents (kept for the clients that read it; Annals sends no pushes). */
  hideNotificationContents: boolean;
}

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  blockFromStrangers: false,
  hideNotificationContents: false,
};

export const notificationsStream = (accountId: string) => `notifications-${accountId}`;
