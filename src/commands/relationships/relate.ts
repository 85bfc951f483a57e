import type { Knex } from 'knex';
import {
  type Follow,
  type RelationshipCommand,
  relationshipDecider,
  relationshipStream,
} from '../../domain/relationship/index.js';
import { DomainError, notFound } from '../../domain/shared/errors.js';
import type { EventStore } from '../../eventstore/eventStore.js';
import { type AccountRecord, findAccountById } from '../../projections/accounts/queries.js';
import { RELATIONSHIPS_PROJECTOR } from '../../projections/relationships/projector.js';
import type { ProjectionWaiter } from '../../projections/waiter.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';

/** What the relationship use cases need; AppDeps satisfies it, and so do the processes' deps. */
export interface RelationshipCommandDeps {
  db: Knex;
  eventStore: EventStore;
  projections: ProjectionWaiter;
}

/** §0.6: the account named by `:id`, or 404 "Record not found". */
export async function requireTarget(db: Knex, id: string): Promise<AccountRecord> {
  const account = await findAccountById(db, id);
  if (!account) throw notFound();
  return account;
}

/** Pleroma's User.follow refuses a deactivated account with this text. */
export function followCommand(
  actorId: string,
  target: AccountRecord,
  options: Pick<Follow, 'reblogs' | 'notify'> = {},
): Follow {
  if (!target.isActive && actorId !== target.id) {
    throw new DomainError('deactivated', `Could not follow user: ${target.nickname} is deactivated.`, 403);
  }
  return {
    type: 'Follow',
    actorId,
    targetId: target.id,
    targetNickname: target.nickname,
    targetLocked: target.locked,
    ...options,
  };
}

/** Mastodon's `duration` (seconds, 0 = forever) as the mute's end, to the second as Pleroma stores it. */
export function muteExpiry(now: Date, durationSeconds: number): string | null {
  if (durationSeconds <= 0) return null;
  return new Date(Math.floor(now.getTime() / 1000) * 1000 + durationSeconds * 1000).toISOString();
}

/** Decides and appends on the pair's stream; processes call this and do not wait for the read model. */
export function relate(
  deps: Pick<RelationshipCommandDeps, 'eventStore'>,
  command: RelationshipCommand,
  context: CommandContext,
) {
  const stream = relationshipStream(command.actorId, command.targetId);
  return handleCommand(deps.eventStore, stream, relationshipDecider, command, context);
}

/** For HTTP: decide, append, then wait until the relationships read model shows it (read-your-writes). */
export async function relateAndWait(
  deps: RelationshipCommandDeps,
  command: RelationshipCommand,
  context: CommandContext,
): Promise<void> {
  const result = await relate(deps, command, context);
  await deps.projections.waitFor([RELATIONSHIPS_PROJECTOR], result.position);
}
