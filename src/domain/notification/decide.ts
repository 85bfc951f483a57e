import { assertNever, DomainError } from '../shared/errors.js';
import type { NotificationCommand } from './commands.js';
import type { NotificationEvent } from './events.js';
import type { NotificationsState } from './state.js';

/** Pleroma's NotificationController.dismiss refusal (403) for an id that is not the user's. */
export const cannotDismiss = () =>
  new DomainError('notification_not_found', 'Cannot dismiss notification', 403);
/** Pleroma's Notification.get refusal: 403 on show, 400 on the Pleroma read endpoint (§4.1). */
export const cannotGet = (status: 400 | 403) =>
  new DomainError('notification_not_found', 'Cannot get notification', status);

export function decideNotifications(
  command: NotificationCommand,
  state: NotificationsState,
): NotificationEvent[] {
  const { accountId } = command;
  switch (command.type) {
    case 'ClearNotifications':
      return [{ type: 'NotificationsCleared', data: { accountId } }];
    case 'DismissNotification':
      if (!command.found) throw cannotDismiss();
      return [{ type: 'NotificationDismissed', data: { accountId, notificationId: command.notificationId } }];
    case 'DismissNotifications':
      return command.found.map((notificationId) => ({
        type: 'NotificationDismissed',
        data: { accountId, notificationId },
      }));
    case 'ReadNotification':
      if (!command.found) throw cannotGet(400);
      return [{ type: 'NotificationRead', data: { accountId, notificationId: command.notificationId } }];
    case 'ReadNotificationsUpTo':
      return [{ type: 'NotificationsReadUpTo', data: { accountId, maxId: command.maxId } }];
    case 'UpdateNotificationSettings': {
      const settings = { ...state.settings, ...command.changes };
      const same =
        settings.blockFromStrangers === state.settings.blockFromStrangers &&
        settings.hideNotificationContents === state.settings.hideNotificationContents;
      return same ? [] : [{ type: 'NotificationSettingsUpdated', data: { accountId, ...settings } }];
    }
    case 'SaveNotificationsMarker':
      return [{ type: 'NotificationsMarkerSaved', data: { accountId, lastReadId: command.lastReadId } }];
    default:
      return assertNever(command);
  }
}
