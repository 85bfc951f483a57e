import type { Knex } from 'knex';
import { type BackupEvent, backupEventTypes } from '../../domain/backup/events.js';
import { assertNever } from '../../domain/shared/errors.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import type { ProjectionTables, Projector } from '../projector.js';

export const BACKUPS_PROJECTOR = 'backups';

/**
 * Backups (§10) as GET /api/v1/pleroma/backups and the purge sweep read them: one row per backup. A purged
 * backup keeps its row, marked, so a replayed BackupRequested cannot bring it back; rows are only ever
 * inserted if absent or updated by key, so applying an event again leaves the same rows.
 */
export const backupsProjector: Projector = {
  name: BACKUPS_PROJECTOR,
  version: 1,
  handles: backupEventTypes,
  tables: ['backups'],

  async createTables(db: Knex, tables: ProjectionTables) {
    const backups = tables.table('backups');
    await db.schema.createTable(backups, (table) => {
      table.bigInteger('id').primary();
      table.text('account_id').notNullable();
      table.text('file_name').notNullable();
      table.text('storage_key');
      table.bigInteger('file_size').notNullable().defaultTo(0);
      table.text('state').notNullable();
      table.integer('attempts').notNullable().defaultTo(0);
      table.boolean('purged').notNullable().defaultTo(false);
      table.timestamp('inserted_at', { useTz: true }).notNullable();
      // An account's backups, newest first.
      table.index(['account_id', 'id']);
    });
    // The purge sweep: live backups by age.
    await db.raw('create index ?? on ?? (inserted_at) where not purged', [`${backups}_live_index`, backups]);
  },

  async apply(trx: Knex.Transaction, recorded: RecordedEvent, tables: ProjectionTables) {
    const backups = () => trx(tables.table('backups'));
    const event = { type: recorded.type, data: recorded.data } as BackupEvent;
    switch (event.type) {
      case 'BackupRequested': {
        const d = event.data;
        await backups()
          .insert({
            id: d.backupId,
            account_id: d.accountId,
            file_name: d.fileName,
            state: 'pending',
            inserted_at: d.requestedAt,
          })
          .onConflict('id')
          .ignore();
        return;
      }
      case 'BackupAttemptStarted':
        await backups().where({ id: event.data.backupId }).update({ attempts: event.data.attempt });
        return;
      case 'BackupCompleted': {
        const { backupId, key, fileSize } = event.data;
        await backups()
          .where({ id: backupId })
          .update({ state: 'completed', storage_key: key, file_size: fileSize });
        return;
      }
      case 'BackupFailed':
        await backups()
          .where({ id: event.data.backupId })
          .update({ state: 'failed', attempts: event.data.attempts });
        return;
      case 'BackupPurged':
        await backups().where({ id: event.data.backupId }).update({ purged: true });
        return;
      default:
        assertNever(event);
    }
  },
};
