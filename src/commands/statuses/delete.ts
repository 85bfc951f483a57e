import { notFound } from '../../domain/shared/errors.js';
import { statusDecider, statusStream } from '../../domain/status/index.js';
import { PINS_PROJECTOR } from '../../projections/pins/projector.js';
import { STATUSES_PROJECTOR } from '../../projections/statuses/projector.js';
import { findStatusById, type StatusRecord } from '../../projections/statuses/queries.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';
import type { StatusCommandDeps } from './deps.js';

/**
 * DELETE /api/v1/statuses/:id: only the author may (anyone else, like a missing id, is 404 "Record not
 * found"). Answers the status as it was, for the response; it has left the read model when this resolves.
 */
export async function deleteStatus(
  deps: Pick<StatusCommandDeps, 'db' | 'eventStore' | 'projections'>,
  actorId: string,
  statusId: string,
  context: CommandContext,
): Promise<StatusRecord> {
  const status = await findStatusById(deps.db, statusId);
  if (!status || status.accountId !== actorId) throw notFound();
  const result = await handleCommand(
    deps.eventStore,
    statusStream(status.id),
    statusDecider,
    { type: 'DeleteStatus', actorId },
    context,
  );
  // The pins too: a pin right after this must find the deleted status's place free (Pleroma unpins at once).
  await deps.projections.waitFor([STATUSES_PROJECTOR, PINS_PROJECTOR], result.position);
  return status;
}
