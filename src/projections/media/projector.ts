import type { Knex } from 'knex';
import { type MediaEvent, mediaEventTypes } from '../../domain/media/events.js';
import { assertNever } from '../../domain/shared/errors.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import type { ProjectionTables, Projector } from '../projector.js';

export const MEDIA_PROJECTOR = 'media';

/**
 * Uploaded media as GET /api/v1/media/:id and status posting read them: one row per upload. Insert-if-absent
 * and updates by key, so applying an event again leaves the same row.
 */
export const mediaProjector: Projector = {
  name: MEDIA_PROJECTOR,
  version: 1,
  handles: mediaEventTypes,
  tables: ['media'],

  async createTables(db: Knex, tables: ProjectionTables) {
    await db.schema.createTable(tables.table('media'), (table) => {
      table.bigInteger('id').primary();
      table.text('owner_id').notNullable().index();
      table.text('storage_key').notNullable();
      table.text('url').notNullable();
      table.text('mime_type').notNullable();
      table.bigInteger('size').notNullable();
      table.integer('width');
      table.integer('height');
      table.text('description');
      table.jsonb('focus');
      table.timestamp('created_at', { useTz: true }).notNullable();
      table.timestamp('updated_at', { useTz: true }).notNullable();
    });
  },

  async apply(trx: Knex.Transaction, recorded: RecordedEvent, tables: ProjectionTables) {
    const media = () => trx(tables.table('media'));
    const event = { type: recorded.type, data: recorded.data } as MediaEvent;
    switch (event.type) {
      case 'MediaUploaded': {
        const d = event.data;
        await media()
          .insert({
            id: d.mediaId,
            owner_id: d.ownerId,
            storage_key: d.key,
            url: d.url,
            mime_type: d.mimeType,
            size: d.size,
            width: d.meta?.width ?? null,
            height: d.meta?.height ?? null,
            description: d.description,
            focus: d.focus === null ? null : JSON.stringify(d.focus),
            created_at: d.uploadedAt,
            updated_at: d.uploadedAt,
          })
          .onConflict('id')
          .ignore();
        return;
      }
      case 'MediaDescriptionUpdated':
        await media()
          .where({ id: event.data.mediaId })
          .update({ description: event.data.description, updated_at: recorded.metadata.time });
        return;
      default:
        assertNever(event);
    }
  },
};
