import type { Knex } from 'knex';
import type { Config } from '../../config.js';
import { pinDecider, pinsStream } from '../../domain/pin/index.js';
import { notFound } from '../../domain/shared/errors.js';
import type { EventStore } from '../../eventstore/eventStore.js';
import { PINS_PROJECTOR } from '../../projections/pins/projector.js';
import { pinnedCount } from '../../projections/pins/queries.js';
import { findVisibleStatus, type StatusRecord } from '../../projections/statuses/queries.js';
import type { ProjectionWaiter } from '../../projections/waiter.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';

export interface PinCommandDeps {
  db: Knex;
  eventStore: EventStore;
  projections: ProjectionWaiter;
  config: Pick<Config, 'MAX_PINNED_STATUSES'>;
}

/**
 * POST /api/v1/statuses/:id/pin and /unpin: a status the account may not see is 404 Record not found; only its
 * own public or unlisted status may be pinned, up to MAX_PINNED_STATUSES (counted on the pins read model, as
 * Pleroma counts its user's pinned objects). Waits until the pins read model shows it; returns the status.
 */
export async function pinStatus(
  deps: PinCommandDeps,
  accountId: string,
  statusId: string,
  pin: boolean,
  context: CommandContext,
): Promise<StatusRecord> {
  const status = await findVisibleStatus(deps.db, statusId, accountId);
  if (!status) throw notFound();
  const ids = { accountId, statusId: status.id };
  const command = pin
    ? ({
        type: 'PinStatus',
        ...ids,
        ownStatus: status.accountId === accountId,
        publicStatus: status.visibility === 'public' || status.visibility === 'unlisted',
        pinnedCount: await pinnedCount(deps.db, accountId),
        max: deps.config.MAX_PINNED_STATUSES,
      } as const)
    : ({ type: 'UnpinStatus', ...ids } as const);
  const result = await handleCommand(deps.eventStore, pinsStream(accountId), pinDecider, command, context);
  await deps.projections.waitFor([PINS_PROJECTOR], result.position);
  return status;
}
