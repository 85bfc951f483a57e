import type { Knex } from 'knex';
import type { AccountDeleted, SettingsUpdated } from '../../domain/account/lifecycle.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import type { ProjectionTables, Projector } from '../projector.js';

export const SETTINGS_PROJECTOR = 'settings';

type SettingsEvent = SettingsUpdated | AccountDeleted;

/**
 * The settings store (§5.7): one row per (account, app) holding the app's object as the event sealed it
 * (the account's key opens it; once shredded, nothing does). Upserts and deletes by key: replays are no-ops.
 * AccountDeleted empties the account's store (§1.7: "settings store {}").
 */
export const settingsProjector: Projector = {
  name: SETTINGS_PROJECTOR,
  version: 1,
  handles: ['SettingsUpdated', 'AccountDeleted'],
  tables: ['account_settings'],

  async createTables(db: Knex, tables: ProjectionTables) {
    await db.schema.createTable(tables.table('account_settings'), (table) => {
      table.text('account_id').notNullable();
      table.text('app').notNullable();
      table.text('value_encrypted').notNullable();
      table.timestamp('updated_at', { useTz: true }).notNullable();
      table.primary(['account_id', 'app']);
    });
  },

  async apply(trx: Knex.Transaction, recorded: RecordedEvent, tables: ProjectionTables) {
    const event = recorded as unknown as SettingsEvent;
    const settings = () => trx(tables.table('account_settings'));
    switch (event.type) {
      case 'SettingsUpdated': {
        const { accountId, app, value } = event.data;
        if (value === null) {
          await settings().where({ account_id: accountId, app }).delete();
          return;
        }
        await settings()
          .insert({ account_id: accountId, app, value_encrypted: value, updated_at: recorded.metadata.time })
          .onConflict(['account_id', 'app'])
          .merge();
        return;
      }
      case 'AccountDeleted':
        await settings().where({ account_id: event.data.accountId }).delete();
        return;
    }
  },
};
