import type { Knex } from 'knex';
import type { FavouriteRemoved, StatusFavourited } from '../../domain/favourite/events.js';
import {
  type CauseEvent,
  type CauseFacts,
  candidatesOf,
  causeKeys,
  type NewNotification,
  NO_RELATION,
  notificationId,
  notificationsFor,
} from '../../domain/notification/rules.js';
import type { ReactionAdded, ReactionRemoved } from '../../domain/reaction/events.js';
import type {
  FollowRequestAuthorized,
  FollowRequestCancelled,
  FollowRequestRejected,
} from '../../domain/relationship/events.js';
import { assertNever } from '../../domain/shared/errors.js';
import type { StatusDeleted } from '../../domain/status/events.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import type { SqlFragment } from '../oneStatement.js';
import { type ProjectionTables, quotedTable } from '../projector.js';
import { recipientFacts, statusCauseFacts, subscribersOf } from './relations.js';
import { type NotificationRow, notificationWrites, writeNotifications } from './writes.js';

/** The notifications themselves, and the author of every live status (whom a favourite or reaction notifies). */
export async function createNotificationTables(db: Knex, tables: ProjectionTables) {
  const notifications = tables.table('notifications');
  await db.schema.createTable(notifications, (table) => {
    table.text('account_id').notNullable();
    table.bigInteger('id').notNullable();
    table.text('type').notNullable();
    table.text('actor_id').notNullable().index();
    table.bigInteger('status_id').index();
    table.text('target_id');
    table.text('emoji');
    table.text('emoji_url');
    table.text('cause').notNullable();
    table.boolean('seen').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.primary(['account_id', 'id']);
    table.unique(['account_id', 'cause']);
  });
  // unread_count and unread_notifications_count count these.
  await db.raw('create index ?? on ?? (account_id) where not seen', [
    `${notifications}_unseen_index`,
    notifications,
  ]);
  await db.schema.createTable(tables.table('notification_statuses'), (table) => {
    table.bigInteger('status_id').primary();
    table.text('account_id').notNullable();
  });
}

async function statusAuthor(trx: Knex.Transaction, tables: ProjectionTables, statusId: string) {
  const row = await trx(tables.table('notification_statuses'))
    .where({ status_id: statusId })
    .first('account_id');
  return (row?.account_id as string | undefined) ?? null;
}

async function causeFacts(
  trx: Knex.Transaction,
  tables: ProjectionTables,
  event: CauseEvent,
): Promise<CauseFacts> {
  switch (event.type) {
    case 'StatusPosted': {
      const { statusId, accountId } = event.data;
      await trx(tables.table('notification_statuses'))
        .insert({ status_id: statusId, account_id: accountId })
        .onConflict('status_id')
        .ignore();
      return { statusAuthorId: accountId, subscriberIds: await subscribersOf(trx, tables, accountId) };
    }
    case 'StatusFavourited':
    case 'ReactionAdded':
      return { statusAuthorId: await statusAuthor(trx, tables, event.data.statusId), subscriberIds: [] };
    case 'Followed':
    case 'FollowRequested':
    case 'MoveFollowersListed':
      return { statusAuthorId: null, subscriberIds: [] };
    default:
      return assertNever(event);
  }
}

/**
 * Creates what a cause notifies (rules.ts) and opens the recipients' notifications marker (writes.ts). A cause
 * already notified (a replay) adds nothing: (account, cause) is unique.
 */
export async function notify(trx: Knex.Transaction, tables: ProjectionTables, recorded: RecordedEvent) {
  const event = { type: recorded.type, data: recorded.data } as CauseEvent;
  const facts = await causeFacts(trx, tables, event);
  const candidates = candidatesOf(event, facts);
  if (candidates.length === 0) return;
  const time = new Date(recorded.metadata.time);
  const actorId = candidates[0]!.actorId;
  const relations = await recipientFacts(
    trx,
    tables,
    actorId,
    candidates.map((c) => c.recipientId),
  );
  const admitted = notificationsFor(event, facts, (id) => relations.get(id) ?? NO_RELATION, time);
  await writeNotifications(trx, tables, notificationRows(recorded, admitted));
}

/** The rows of a cause's notifications: one id (per recipient, before ids.ts places it) and the time of the cause. */
function notificationRows(
  recorded: RecordedEvent,
  admitted: readonly NewNotification[],
  id = notificationId(recorded.id, new Date(recorded.metadata.time)),
): NotificationRow[] {
  const createdAt = new Date(recorded.metadata.time).toISOString();
  return admitted.map((notification) => ({ notification, id, createdAt, recorded }));
}

const NO_WRITES: SqlFragment = { sql: '', bindings: [] };

export type StatusCause = StatusFavourited | ReactionAdded;
export const statusCauseTypes = [
  'StatusFavourited',
  'ReactionAdded',
] as const satisfies readonly StatusCause['type'][];

/**
 * notify for a favourite or reaction, as CTEs of one statement gated on `gate` (oneStatement.ts): the facts are
 * read first, outside any transaction, which is sound because the statement writes only if the checkpoint is
 * still where this runner left it, so nothing was applied in between. Undefined when the notification would be
 * created seen (it moves the marker too) or its id is taken (ids.ts): that event is applied in a transaction.
 */
export async function notifyAlone(
  db: Knex,
  tables: ProjectionTables,
  recorded: RecordedEvent,
  gate: string,
): Promise<SqlFragment | undefined> {
  const event = { type: recorded.type, data: recorded.data } as StatusCause;
  const time = new Date(recorded.metadata.time);
  const id = notificationId(recorded.id, time);
  const read = await statusCauseFacts(db, tables, {
    statusId: event.data.statusId,
    actorId: event.data.accountId,
    position: recorded.position,
    notificationId: id,
  });
  const facts = { statusAuthorId: read.statusAuthorId, subscriberIds: [] };
  const admitted = read.ahead ? notificationsFor(event, facts, () => read.authorFacts, time) : [];
  if (admitted.length === 0) return NO_WRITES;
  // Seen, it moves the marker too; on a taken id, it is placed (ids.ts): either takes a transaction.
  if (read.idTaken || admitted.some((notification) => notification.seen)) return undefined;
  return notificationWrites(tables, notificationRows(recorded, admitted, id), gate);
}

/** The undos that are SQL alone: written in one statement (undoWrites), in a transaction or not. */
export type UndoneAlone = FavouriteRemoved | ReactionRemoved | StatusDeleted;
export const undoneAloneTypes = [
  'FavouriteRemoved',
  'ReactionRemoved',
  'StatusDeleted',
] as const satisfies readonly UndoneAlone['type'][];

/**
 * An undone favourite or reaction removes the status author's notification of it (none when the author is
 * unknown); a deleted status removes every notification of it and its author. As data-modifying CTEs written
 * only when the one-row relation `gate` has its row.
 */
export function undoWrites(event: UndoneAlone, tables: ProjectionTables, gate: string): SqlFragment {
  const notifications = quotedTable(tables, 'notifications');
  const statuses = quotedTable(tables, 'notification_statuses');
  switch (event.type) {
    case 'FavouriteRemoved':
    case 'ReactionRemoved': {
      const cause =
        event.type === 'FavouriteRemoved'
          ? causeKeys.favourite(event.data.favouriteId)
          : causeKeys.reaction(event.data.reactionId);
      return {
        sql: `undone as (
          delete from ${notifications} where cause = ? and exists (select 1 from ${gate})
            and account_id in (select account_id from ${statuses} where status_id = ?)
        )`,
        bindings: [cause, event.data.statusId],
      };
    }
    case 'StatusDeleted':
      return {
        sql: `undone as (
          delete from ${notifications} where status_id = ? and exists (select 1 from ${gate})
        ), forgotten as (
          delete from ${statuses} where status_id = ? and exists (select 1 from ${gate})
        )`,
        bindings: [event.data.statusId, event.data.statusId],
      };
    default:
      return assertNever(event);
  }
}

export type UndoEvent = FollowRequestAuthorized | FollowRequestRejected | FollowRequestCancelled;

/**
 * An authorized request becomes a follow (Pleroma's update_notification_type); a rejected one goes; a cancelled
 * one stays (Pleroma's unfollow only marks the request cancelled).
 */
export async function undo(trx: Knex.Transaction, tables: ProjectionTables, event: UndoEvent) {
  const { followerId, followedId } = event.data;
  const query = trx(tables.table('notifications')).where({
    account_id: followedId,
    cause: causeKeys.follow(followerId),
  });
  switch (event.type) {
    case 'FollowRequestAuthorized':
      await query.where({ type: 'follow_request' }).update({ type: 'follow' });
      return;
    case 'FollowRequestRejected':
      // Pleroma's reject dismisses the follow's notification, also when it removes an accepted follower.
      await query.delete();
      return;
    case 'FollowRequestCancelled':
      return;
    default:
      assertNever(event);
  }
}
