import type { Knex } from 'knex';
import { type ScrobbleEvent, scrobbleEventTypes } from '../../domain/scrobble/events.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import type { ProjectionTables, Projector } from '../projector.js';

export const SCROBBLES_PROJECTOR = 'scrobbles';

/** Scrobbles (§8) as an account's list reads them: one row per listen, insert-if-absent (replay-safe). */
export const scrobblesProjector: Projector = {
  name: SCROBBLES_PROJECTOR,
  version: 1,
  handles: scrobbleEventTypes,
  tables: ['scrobbles'],

  async createTables(db: Knex, tables: ProjectionTables) {
    await db.schema.createTable(tables.table('scrobbles'), (table) => {
      table.bigInteger('id').primary();
      table.text('account_id').notNullable();
      table.text('title').notNullable();
      table.text('artist');
      table.text('album');
      table.bigInteger('length');
      table.text('external_link');
      table.text('visibility').notNullable();
      table.timestamp('created_at', { useTz: true }).notNullable();
      // An account's listens, newest first.
      table.index(['account_id', 'id']);
    });
  },

  async apply(trx: Knex.Transaction, recorded: RecordedEvent, tables: ProjectionTables) {
    const d = (recorded as unknown as ScrobbleEvent).data;
    await trx(tables.table('scrobbles'))
      .insert({
        id: d.listenId,
        account_id: d.accountId,
        title: d.title,
        artist: d.artist,
        album: d.album,
        length: d.length,
        external_link: d.externalLink,
        visibility: d.visibility,
        created_at: d.recordedAt,
      })
      .onConflict('id')
      .ignore();
  },
};
