import type { Knex } from 'knex';
import { bookmarkDecider, bookmarkStream } from '../../domain/bookmark/index.js';
import { notFound } from '../../domain/shared/errors.js';
import type { IdGenerator } from '../../domain/shared/ids.js';
import type { EventStore } from '../../eventstore/eventStore.js';
import { BOOKMARKS_PROJECTOR } from '../../projections/bookmarks/projector.js';
import { findVisibleStatus, type StatusRecord } from '../../projections/statuses/queries.js';
import type { ProjectionWaiter } from '../../projections/waiter.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';

export interface BookmarkCommandDeps {
  db: Knex;
  eventStore: EventStore;
  projections: ProjectionWaiter;
  ids: IdGenerator;
}

/**
 * POST /api/v1/statuses/:id/bookmark and /unbookmark: a status the account may not see is 404 Record not found
 * (Pleroma checks visible_for_user?); bookmarking twice and removing a bookmark not there change nothing. Waits
 * until the bookmarks read model shows it, and returns the status for the caller to render.
 */
export async function bookmarkStatus(
  deps: BookmarkCommandDeps,
  accountId: string,
  statusId: string,
  bookmarked: boolean,
  context: CommandContext,
): Promise<StatusRecord> {
  const status = await findVisibleStatus(deps.db, statusId, accountId);
  if (!status) throw notFound();
  const command = bookmarked
    ? ({ type: 'BookmarkStatus', accountId, statusId: status.id, bookmarkId: deps.ids.next() } as const)
    : ({ type: 'UnbookmarkStatus', accountId, statusId: status.id } as const);
  const stream = bookmarkStream(accountId, status.id);
  const result = await handleCommand(deps.eventStore, stream, bookmarkDecider, command, context);
  await deps.projections.waitFor([BOOKMARKS_PROJECTOR], result.position);
  return status;
}
