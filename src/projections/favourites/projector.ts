import type { Knex } from 'knex';
import { type FavouriteEvent, favouriteEventTypes } from '../../domain/favourite/events.js';
import { assertNever } from '../../domain/shared/errors.js';
import type { StatusDeleted } from '../../domain/status/events.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import type { ProjectionTables, Projector } from '../projector.js';

export const FAVOURITES_PROJECTOR = 'favourites';

const handled = [...favouriteEventTypes, 'StatusDeleted'] as const;
type FavouritesEvent = FavouriteEvent | StatusDeleted;

/**
 * Favourites (§5.2, Mastodon's favourites): one row per current favourite, keyed by its time-ordered id,
 * for `GET /api/v1/favourites` (by favourite id), an account's favourites (by status id), counts,
 * `favourited` and `favourited_by`. A deleted status takes its favourites along and is remembered, so a
 * favourite that raced with the deletion, or a replay, cannot bring a row back.
 */
export const favouritesProjector: Projector = {
  name: FAVOURITES_PROJECTOR,
  version: 1,
  handles: handled,
  tables: ['favourites', 'favourites_deleted_statuses'],

  async createTables(db: Knex, tables: ProjectionTables) {
    await db.schema.createTable(tables.table('favourites'), (table) => {
      table.bigInteger('favourite_id').primary();
      table.text('account_id').notNullable();
      table.bigInteger('status_id').notNullable().index();
      table.unique(['account_id', 'status_id']);
      table.index(['account_id', 'favourite_id']);
    });
    await db.schema.createTable(tables.table('favourites_deleted_statuses'), (table) => {
      table.bigInteger('status_id').primary();
    });
  },

  async apply(trx: Knex.Transaction, recorded: RecordedEvent, tables: ProjectionTables) {
    const event = { type: recorded.type, data: recorded.data } as FavouritesEvent;
    const favourites = tables.table('favourites');
    const deletedStatuses = tables.table('favourites_deleted_statuses');
    switch (event.type) {
      case 'StatusFavourited': {
        const { favouriteId, accountId, statusId } = event.data;
        const deleted = await trx(deletedStatuses).where({ status_id: statusId }).first();
        if (deleted) return;
        // A replayed favourite, or an older one of an account that favourited again: nothing to add.
        await trx(favourites)
          .insert({ favourite_id: favouriteId, account_id: accountId, status_id: statusId })
          .onConflict()
          .ignore();
        return;
      }
      case 'FavouriteRemoved':
        // By favourite id: replaying an old removal leaves a later favourite of the same status alone.
        await trx(favourites).where({ favourite_id: event.data.favouriteId }).delete();
        return;
      case 'StatusDeleted':
        await trx(deletedStatuses).insert({ status_id: event.data.statusId }).onConflict().ignore();
        await trx(favourites).where({ status_id: event.data.statusId }).delete();
        return;
      default:
        assertNever(event);
    }
  },
};
