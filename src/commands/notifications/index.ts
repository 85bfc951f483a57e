import type { Knex } from 'knex';
import {
  type NotificationCommand,
  type NotificationSettings,
  notificationsDecider,
  notificationsStream,
} from '../../domain/notification/index.js';
import type { EventStore } from '../../eventstore/eventStore.js';
import { NOTIFICATIONS_PROJECTOR } from '../../projections/notifications/projector.js';
import { findNotification, ownNotificationIds } from '../../projections/notifications/queries.js';
import type { ProjectionWaiter } from '../../projections/waiter.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';

export interface NotificationCommandDeps {
  db: Knex;
  eventStore: EventStore;
  projections: ProjectionWaiter;
}

/** Appends the act and waits for the read model to show it: the next read sees the change. */
async function act(deps: NotificationCommandDeps, command: NotificationCommand, context: CommandContext) {
  const stream = notificationsStream(command.accountId);
  const result = await handleCommand(deps.eventStore, stream, notificationsDecider, command, context);
  await deps.projections.waitFor([NOTIFICATIONS_PROJECTOR], result.position);
}

const exists = async (deps: NotificationCommandDeps, accountId: string, id: string) =>
  (await findNotification(deps.db, accountId, id)) !== undefined;

/** POST /api/v1/notifications/clear. */
export const clearNotifications = (
  deps: NotificationCommandDeps,
  accountId: string,
  context: CommandContext,
) => act(deps, { type: 'ClearNotifications', accountId }, context);

/** POST /api/v1/notifications/:id/dismiss: another's (or no) notification is 403 "Cannot dismiss notification". */
export async function dismissNotification(
  deps: NotificationCommandDeps,
  accountId: string,
  notificationId: string,
  context: CommandContext,
) {
  const found = await exists(deps, accountId, notificationId);
  await act(deps, { type: 'DismissNotification', accountId, notificationId, found }, context);
}

/** DELETE /api/v1/notifications/destroy_multiple: the user's among `ids` go; others' and unknown ones are passed over. */
export async function dismissNotifications(
  deps: NotificationCommandDeps,
  accountId: string,
  ids: readonly string[],
  context: CommandContext,
) {
  const found = await ownNotificationIds(deps.db, accountId, ids);
  await act(deps, { type: 'DismissNotifications', accountId, found }, context);
}

/** §4.1 with `id`: another's (or no) notification is 400 "Cannot get notification". */
export async function readNotification(
  deps: NotificationCommandDeps,
  accountId: string,
  notificationId: string,
  context: CommandContext,
) {
  const found = await exists(deps, accountId, notificationId);
  await act(deps, { type: 'ReadNotification', accountId, notificationId, found }, context);
}

/** §4.1 with `max_id`. */
export const readNotificationsUpTo = (
  deps: NotificationCommandDeps,
  accountId: string,
  maxId: string,
  context: CommandContext,
) => act(deps, { type: 'ReadNotificationsUpTo', accountId, maxId }, context);

/** §1.4: only the settings given change; the same values again append nothing. */
export const updateNotificationSettings = (
  deps: NotificationCommandDeps,
  accountId: string,
  changes: Partial<NotificationSettings>,
  context: CommandContext,
) => act(deps, { type: 'UpdateNotificationSettings', accountId, changes }, context);

/** POST /api/v1/markers with `notifications[last_read_id]`. */
export const saveNotificationsMarker = (
  deps: NotificationCommandDeps,
  accountId: string,
  lastReadId: string,
  context: CommandContext,
) => act(deps, { type: 'SaveNotificationsMarker', accountId, lastReadId }, context);
