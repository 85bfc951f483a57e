import type { Knex } from 'knex';
import type { NotificationEvent } from '../../domain/notification/events.js';
import { assertNever } from '../../domain/shared/errors.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import type { ProjectionTables } from '../projector.js';
import { markLastRead } from './writes.js';

/** Per account: notification settings (§1.4) and the notifications marker. */
export async function createAccountTables(db: Knex, tables: ProjectionTables) {
  await db.schema.createTable(tables.table('notification_accounts'), (table) => {
    table.text('account_id').primary();
    table.boolean('block_from_strangers').notNullable().defaultTo(false);
    table.boolean('hide_notification_contents').notNullable().defaultTo(false);
    // The marker exists once set: by the client, or with the first notification (as in Pleroma). Its time is
    // when it was created: Pleroma's upserts replace only last_read_id.
    table.text('marker_last_read_id');
    table.timestamp('marker_updated_at', { useTz: true });
    table.bigInteger('marker_position');
  });
}

const MAX_ID = 9223372036854775807n;

/**
 * The highest id a read-up-to marks: its `maxId`, or every id when that is past the 64-bit range. The API bounds
 * it now, but before it did such events were appended, and their literal stopped this projector for everyone.
 */
const readUpTo = (maxId: string): string =>
  /^\d{1,19}$/.test(maxId) && BigInt(maxId) <= MAX_ID ? maxId : MAX_ID.toString();

/** The user's acts (events.ts), each on the account's own notifications only. */
export async function applyAct(trx: Knex.Transaction, tables: ProjectionTables, recorded: RecordedEvent) {
  const event = { type: recorded.type, data: recorded.data } as NotificationEvent;
  const accountId = event.data.accountId;
  const mine = () => trx(tables.table('notifications')).where({ account_id: accountId });
  switch (event.type) {
    case 'NotificationsCleared':
      await mine().delete();
      return;
    case 'NotificationDismissed':
      await mine().where({ id: event.data.notificationId }).delete();
      return;
    case 'NotificationRead':
      await mine().where({ id: event.data.notificationId }).update({ seen: true });
      return markLastRead(trx, tables, accountId, recorded);
    case 'NotificationsReadUpTo':
      await mine()
        .where('id', '<=', readUpTo(event.data.maxId))
        .where({ seen: false })
        .update({ seen: true });
      return markLastRead(trx, tables, accountId, recorded);
    case 'NotificationSettingsUpdated': {
      const settings = {
        block_from_strangers: event.data.blockFromStrangers,
        hide_notification_contents: event.data.hideNotificationContents,
      };
      await trx(tables.table('notification_accounts'))
        .insert({ account_id: accountId, ...settings })
        .onConflict('account_id')
        .merge(settings);
      return;
    }
    case 'NotificationsMarkerSaved':
      await trx.raw(
        `insert into ?? as a (account_id, marker_last_read_id, marker_updated_at, marker_position)
         values (?, ?, ?, ?)
         on conflict (account_id) do update set marker_last_read_id = excluded.marker_last_read_id,
           marker_updated_at = coalesce(a.marker_updated_at, excluded.marker_updated_at),
           marker_position = excluded.marker_position
         where a.marker_position is null or a.marker_position < excluded.marker_position`,
        [
          tables.table('notification_accounts'),
          accountId,
          event.data.lastReadId,
          new Date(recorded.metadata.time),
          recorded.position.toString(),
        ],
      );
      return;
    default:
      assertNever(event);
  }
}

/** A deleted account's notifications go, and those it caused (Pleroma deletes its activities). */
export async function forgetAccount(trx: Knex.Transaction, tables: ProjectionTables, accountId: string) {
  const notifications = tables.table('notifications');
  await trx(notifications).where({ account_id: accountId }).delete();
  await trx(notifications).where({ actor_id: accountId }).delete();
  await trx(tables.table('notification_accounts')).where({ account_id: accountId }).delete();
}
