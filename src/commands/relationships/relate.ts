import type { Knex } from 'knex';
import {
  type Follow,
  initialRelationshipState,
  type RelationshipCommand,
  type RelationshipEvent,
  type RelationshipState,
  relationshipDecider,
  relationshipStream,
} from '../../domain/relationship/index.js';
import { DomainError, notFound } from '../../domain/shared/errors.js';
import { type EventStore, expect, WrongExpectedVersionError } from '../../eventstore/eventStore.js';
import { type AccountRecord, findAccountById } from '../../projections/accounts/queries.js';
import { RELATIONSHIPS_PROJECTOR } from '../../projections/relationships/projector.js';
import type { ProjectionWaiter } from '../../projections/waiter.js';
import { type CommandContext, type HandleResult, handleCommand, newEvents } from '../handleCommand.js';

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

/**
 * A pair that never related yet (most follows of an import or a move): decided from the initial state and
 * appended expecting no stream, which saves reading it. Anything else (the stream exists, a refusal, nothing
 * to do) answers undefined and the ordinary handler decides from the stream.
 */
async function relateNewPair(
  store: EventStore,
  stream: string,
  command: RelationshipCommand,
  context: CommandContext,
) {
  let events: RelationshipEvent[];
  try {
    events = relationshipDecider.decide(command, initialRelationshipState);
  } catch {
    return undefined;
  }
  if (events.length === 0) return undefined;
  try {
    const { position } = await store.appendToStream(stream, newEvents(events, context), expect.noStream);
    return { events, state: events.reduce(relationshipDecider.evolve, initialRelationshipState), position };
  } catch (error) {
    if (error instanceof WrongExpectedVersionError) return undefined;
    throw error;
  }
}

/**
 * Decides and appends on the pair's stream; processes call this and do not wait for the read model. With
 * `newPair`, the caller expects the pair to have no history and the stream is not read first.
 */
export async function relate(
  deps: Pick<RelationshipCommandDeps, 'eventStore'>,
  command: RelationshipCommand,
  context: CommandContext,
  options: { newPair?: boolean } = {},
): Promise<HandleResult<RelationshipEvent, RelationshipState>> {
  const stream = relationshipStream(command.actorId, command.targetId);
  const fresh = options.newPair ? await relateNewPair(deps.eventStore, stream, command, context) : undefined;
  return fresh ?? handleCommand(deps.eventStore, stream, relationshipDecider, command, context);
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
