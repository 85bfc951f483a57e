import type { Decider } from '../shared/decider.js';
import type { NotificationCommand } from './commands.js';
import { decideNotifications } from './decide.js';
import type { NotificationEvent } from './events.js';
import { evolveNotifications, initialNotificationsState, type NotificationsState } from './state.js';

export type * from './commands.js';
export * from './decide.js';
export * from './events.js';
export * from './rules.js';
export * from './state.js';

/** One account's acts on its notifications and its notification settings, stream `notifications-<accountId>`. */
export const notificationsDecider: Decider<NotificationCommand, NotificationEvent, NotificationsState> = {
  initialState: initialNotificationsState,
  evolve: evolveNotifications,
  decide: decideNotifications,
};
