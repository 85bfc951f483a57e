import type { Knex } from 'knex';
import type { Config } from '../../config.js';
import {
  type EndorsementCommand,
  endorsementDecider,
  endorsementsStream,
} from '../../domain/endorsement/index.js';
import type { EventStore } from '../../eventstore/eventStore.js';
import type { AccountRecord } from '../../projections/accounts/queries.js';
import { ENDORSEMENTS_PROJECTOR } from '../../projections/endorsements/projector.js';
import { relationshipsOf } from '../../projections/relationships/queries.js';
import type { ProjectionWaiter } from '../../projections/waiter.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';

export interface EndorsementCommandDeps {
  db: Knex;
  eventStore: EventStore;
  projections: ProjectionWaiter;
  config: Pick<Config, 'MAX_ENDORSED_USERS'>;
}

/** Decides on the endorser's stream, then waits until the endorsements read model shows the outcome. */
async function endorsementCommand(
  deps: EndorsementCommandDeps,
  command: EndorsementCommand,
  context: CommandContext,
) {
  const stream = endorsementsStream(command.endorserId);
  const result = await handleCommand(deps.eventStore, stream, endorsementDecider, command, context);
  await deps.projections.waitFor([ENDORSEMENTS_PROJECTOR], result.position);
}

/**
 * `POST /api/v1/accounts/:id/pin` (or `/endorse`): the endorser must follow the target, as the relationships
 * read model shows it (Pleroma reads its follows the same way, outside any lock), and have room under
 * MAX_ENDORSED_USERS.
 */
export async function endorseAccount(
  deps: EndorsementCommandDeps,
  endorserId: string,
  target: AccountRecord,
  context: CommandContext,
): Promise<void> {
  const following =
    (await relationshipsOf(deps.db, endorserId, [target.id])).get(target.id)?.following ?? false;
  const command = {
    type: 'Endorse',
    endorserId,
    targetId: target.id,
    targetNickname: target.nickname,
    following,
    max: deps.config.MAX_ENDORSED_USERS,
  } as const;
  await endorsementCommand(deps, command, context);
}

/** `POST /api/v1/accounts/:id/unpin` (or `/unendorse`), and every unfollow through the API (Pleroma's CommonAPI.unfollow). */
export function unendorseAccount(
  deps: EndorsementCommandDeps,
  endorserId: string,
  targetId: string,
  context: CommandContext,
): Promise<void> {
  return endorsementCommand(deps, { type: 'Unendorse', endorserId, targetId }, context);
}
