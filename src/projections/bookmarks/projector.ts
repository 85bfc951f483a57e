import type { Knex } from 'knex';
import type { AccountDeleted } from '../../domain/account/index.js';
import { type BookmarkEvent, bookmarkEventTypes } from '../../domain/bookmark/events.js';
import type { StatusDeleted } from '../../domain/status/events.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import type { ProjectionTables, Projector } from '../projector.js';

export const BOOKMARKS_PROJECTOR = 'bookmarks';

type BookmarksEvent = BookmarkEvent | StatusDeleted | AccountDeleted;

/**
 * Bookmarks: one row per current bookmark, keyed by its time-ordered id, for `GET /api/v1/bookmarks` (by
 * bookmark id), a Status's `bookmarked` and the backup's bookmarks.json. A deleted status takes its bookmarks
 * along and is remembered, so a bookmark that raced with the deletion, or a replay, cannot bring a row back;
 * a deleted account's bookmarks go with it.
 */
export const bookmarksProjector: Projector = {
  name: BOOKMARKS_PROJECTOR,
  version: 1,
  handles: [...bookmarkEventTypes, 'StatusDeleted', 'AccountDeleted'],
  tables: ['bookmarks', 'bookmarks_deleted_statuses'],

  async createTables(db: Knex, tables: ProjectionTables) {
    await db.schema.createTable(tables.table('bookmarks'), (table) => {
      table.bigInteger('bookmark_id').primary();
      table.text('account_id').notNullable();
      table.bigInteger('status_id').notNullable().index();
      table.unique(['account_id', 'status_id']);
      table.index(['account_id', 'bookmark_id']);
    });
    await db.schema.createTable(tables.table('bookmarks_deleted_statuses'), (table) => {
      table.bigInteger('status_id').primary();
    });
  },

  async apply(trx: Knex.Transaction, recorded: RecordedEvent, tables: ProjectionTables) {
    const event = { type: recorded.type, data: recorded.data } as BookmarksEvent;
    const bookmarks = tables.table('bookmarks');
    const deletedStatuses = tables.table('bookmarks_deleted_statuses');
    switch (event.type) {
      case 'StatusBookmarked': {
        const { bookmarkId, accountId, statusId } = event.data;
        if (await trx(deletedStatuses).where({ status_id: statusId }).first()) return;
        await trx(bookmarks)
          .insert({ bookmark_id: bookmarkId, account_id: accountId, status_id: statusId })
          .onConflict()
          .ignore();
        return;
      }
      case 'BookmarkRemoved':
        // By bookmark id: replaying an old removal leaves a later bookmark of the same status alone.
        await trx(bookmarks).where({ bookmark_id: event.data.bookmarkId }).delete();
        return;
      case 'StatusDeleted':
        await trx(deletedStatuses).insert({ status_id: event.data.statusId }).onConflict().ignore();
        await trx(bookmarks).where({ status_id: event.data.statusId }).delete();
        return;
      case 'AccountDeleted':
        await trx(bookmarks).where({ account_id: event.data.accountId }).delete();
        return;
    }
  },
};
