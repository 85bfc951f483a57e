import { assertNever } from '../shared/errors.js';
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  type NotificationEvent,
  type NotificationSettings,
} from './events.js';

/** All a decision needs from the stream: the settings (an update that changes nothing appends nothing). */
export interface NotificationsState {
  settings: NotificationSettings;
}

export const initialNotificationsState: NotificationsState = { settings: DEFAULT_NOTIFICATION_SETTINGS };

export function evolveNotifications(state: NotificationsState, event: NotificationEvent): NotificationsState {
  switch (event.type) {
    case 'NotificationSettingsUpdated': {
      const { blockFromStrangers, hideNotificationContents } = event.data;
      return { settings: { blockFromStrangers, hideNotificationContents } };
    }
    case 'NotificationsCleared':
    case 'NotificationDismissed':
    case 'NotificationRead':
    case 'NotificationsReadUpTo':
    case 'NotificationsMarkerSaved':
      return state;
    default:
      return assertNever(event);
  }
}
