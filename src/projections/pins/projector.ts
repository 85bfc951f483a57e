import type { Knex } from 'knex';
import type { AccountDeleted } from '../../domain/account/index.js';
import { type PinEvent, pinEventTypes } from '../../domain/pin/events.js';
import type { StatusDeleted } from '../../domain/status/events.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import type { ProjectionTables, Projector } from '../projector.js';

export const PINS_PROJECTOR = 'pins';

type PinsEvent = PinEvent | StatusDeleted | AccountDeleted;

/**
 * Statuses pinned on their author's profile, with when: a Status's `pinned` and `pleroma.pinned_at`, and
 * `pinned=true` on an account's statuses. A deleted status takes its pin along and is remembered, so a pin that
 * raced with the deletion, or a replay, cannot bring it back (it would hold a place under the limit).
 */
export const pinsProjector: Projector = {
  name: PINS_PROJECTOR,
  version: 1,
  handles: [...pinEventTypes, 'StatusDeleted', 'AccountDeleted'],
  tables: ['pinned_statuses', 'pins_deleted_statuses'],

  async createTables(db: Knex, tables: ProjectionTables) {
    await db.schema.createTable(tables.table('pinned_statuses'), (table) => {
      table.bigInteger('status_id').primary();
      table.text('account_id').notNullable().index();
      table.timestamp('pinned_at', { useTz: true }).notNullable();
    });
    await db.schema.createTable(tables.table('pins_deleted_statuses'), (table) => {
      table.bigInteger('status_id').primary();
    });
  },

  async apply(trx: Knex.Transaction, recorded: RecordedEvent, tables: ProjectionTables) {
    const event = { type: recorded.type, data: recorded.data } as PinsEvent;
    const pins = tables.table('pinned_statuses');
    const deletedStatuses = tables.table('pins_deleted_statuses');
    switch (event.type) {
      case 'StatusPinned': {
        const { accountId, statusId } = event.data;
        if (await trx(deletedStatuses).where({ status_id: statusId }).first()) return;
        await trx(pins)
          .insert({ status_id: statusId, account_id: accountId, pinned_at: new Date(recorded.metadata.time) })
          .onConflict('status_id')
          .ignore();
        return;
      }
      case 'StatusUnpinned':
        await trx(pins).where({ status_id: event.data.statusId }).delete();
        return;
      case 'StatusDeleted':
        await trx(deletedStatuses).insert({ status_id: event.data.statusId }).onConflict().ignore();
        await trx(pins).where({ status_id: event.data.statusId }).delete();
        return;
      case 'AccountDeleted':
        await trx(pins).where({ account_id: event.data.accountId }).delete();
        return;
    }
  },
};
