import type { Knex } from 'knex';
import { favouriteDecider, favouriteStream } from '../../domain/favourite/index.js';
import { notFound } from '../../domain/shared/errors.js';
import type { IdGenerator } from '../../domain/shared/ids.js';
import type { EventStore } from '../../eventstore/eventStore.js';
import { FAVOURITES_PROJECTOR } from '../../projections/favourites/projector.js';
import { findVisibleStatus, type StatusRecord } from '../../projections/statuses/queries.js';
import type { ProjectionWaiter } from '../../projections/waiter.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';

export interface FavouriteCommandDeps {
  db: Knex;
  eventStore: EventStore;
  projections: ProjectionWaiter;
  ids: IdGenerator;
}

/** Pleroma's favorite_helper: an unknown status, or one the account may not see, is 404 Record not found. */
async function visibleStatus(deps: FavouriteCommandDeps, accountId: string, statusId: string) {
  const status = await findVisibleStatus(deps.db, statusId, accountId);
  if (!status) throw notFound();
  return status;
}

/**
 * POST /api/v1/statuses/:id/favourite: favourites once (again is a no-op, as in Pleroma) and waits until
 * the favourites read model shows it. Returns the status for the caller to render.
 */
export async function favouriteStatus(
  deps: FavouriteCommandDeps,
  accountId: string,
  statusId: string,
  context: CommandContext,
): Promise<StatusRecord> {
  const status = await visibleStatus(deps, accountId, statusId);
  const command = {
    type: 'FavouriteStatus',
    accountId,
    statusId: status.id,
    favouriteId: deps.ids.next(),
  } as const;
  const stream = favouriteStream(accountId, status.id);
  const result = await handleCommand(deps.eventStore, stream, favouriteDecider, command, context);
  await deps.projections.waitFor([FAVOURITES_PROJECTOR], result.position);
  return status;
}

/** POST /api/v1/statuses/:id/unfavourite: a status not favourited is 400 "Could not unfavorite" (Pleroma). */
export async function unfavouriteStatus(
  deps: FavouriteCommandDeps,
  accountId: string,
  statusId: string,
  context: CommandContext,
): Promise<StatusRecord> {
  const status = await visibleStatus(deps, accountId, statusId);
  const command = { type: 'UnfavouriteStatus', accountId, statusId: status.id } as const;
  const stream = favouriteStream(accountId, status.id);
  const result = await handleCommand(deps.eventStore, stream, favouriteDecider, command, context);
  await deps.projections.waitFor([FAVOURITES_PROJECTOR], result.position);
  return status;
}
