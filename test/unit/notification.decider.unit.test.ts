import { describe, it } from 'vitest';
import {
  type NotificationCommand,
  type NotificationEvent,
  notificationsDecider,
} from '../../src/domain/notification/index.js';
import { type DeciderCase, runCase } from '../helpers/decider.js';

const accountId = '10';
const settings = (blockFromStrangers: boolean, hideNotificationContents = false): NotificationEvent => ({
  type: 'NotificationSettingsUpdated',
  data: { accountId, blockFromStrangers, hideNotificationContents },
});

const cases: DeciderCase<NotificationCommand, NotificationEvent>[] = [
  {
    name: 'clearing records that everything so far is gone',
    given: [],
    when: { type: 'ClearNotifications', accountId },
    expected: [{ type: 'NotificationsCleared', data: { accountId } }],
  },
  {
    name: 'dismissing one of the account’s notifications records it',
    given: [],
    when: { type: 'DismissNotification', accountId, notificationId: '5', found: true },
    expected: [{ type: 'NotificationDismissed', data: { accountId, notificationId: '5' } }],
  },
  {
    name: 'dismissing an id that is not the account’s is 403 "Cannot dismiss notification"',
    given: [],
    when: { type: 'DismissNotification', accountId, notificationId: '5', found: false },
    error: { code: 'notification_not_found', status: 403, message: 'Cannot dismiss notification' },
  },
  {
    name: 'dismissing several records each of the account’s, and nothing when none is',
    given: [],
    when: { type: 'DismissNotifications', accountId, found: ['5', '7'] },
    expected: [
      { type: 'NotificationDismissed', data: { accountId, notificationId: '5' } },
      { type: 'NotificationDismissed', data: { accountId, notificationId: '7' } },
    ],
  },
  {
    name: 'dismissing several, none of them the account’s, records nothing',
    given: [],
    when: { type: 'DismissNotifications', accountId, found: [] },
    expected: [],
  },
  {
    name: 'reading one of the account’s notifications by id records it',
    given: [],
    when: { type: 'ReadNotification', accountId, notificationId: '5', found: true },
    expected: [{ type: 'NotificationRead', data: { accountId, notificationId: '5' } }],
  },
  {
    name: 'reading an id that is not the account’s is 400 "Cannot get notification" (§4.1)',
    given: [],
    when: { type: 'ReadNotification', accountId, notificationId: '5', found: false },
    error: { code: 'notification_not_found', status: 400, message: 'Cannot get notification' },
  },
  {
    name: 'reading up to an id records the bound',
    given: [],
    when: { type: 'ReadNotificationsUpTo', accountId, maxId: '99' },
    expected: [{ type: 'NotificationsReadUpTo', data: { accountId, maxId: '99' } }],
  },
  {
    name: 'a settings change records both settings as they are afterwards',
    given: [],
    when: { type: 'UpdateNotificationSettings', accountId, changes: { blockFromStrangers: true } },
    expected: [settings(true)],
  },
  {
    name: 'only the settings given change (§1.4)',
    given: [settings(true)],
    when: { type: 'UpdateNotificationSettings', accountId, changes: { hideNotificationContents: true } },
    expected: [settings(true, true)],
  },
  {
    name: 'settings that change nothing append nothing',
    given: [settings(true)],
    when: { type: 'UpdateNotificationSettings', accountId, changes: { blockFromStrangers: true } },
    expected: [],
  },
  {
    name: 'no settings at all append nothing (both default to false)',
    given: [],
    when: { type: 'UpdateNotificationSettings', accountId, changes: {} },
    expected: [],
  },
  {
    name: 'saving the notifications marker records the position, every time',
    given: [{ type: 'NotificationsMarkerSaved', data: { accountId, lastReadId: '7' } }],
    when: { type: 'SaveNotificationsMarker', accountId, lastReadId: '7' },
    expected: [{ type: 'NotificationsMarkerSaved', data: { accountId, lastReadId: '7' } }],
  },
];

describe('notifications decider (the user’s acts)', () => {
  it.each(cases)('$name', (testCase) => runCase(notificationsDecider, testCase));
});
