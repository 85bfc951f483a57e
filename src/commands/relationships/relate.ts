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
import {
  type AppendRequest,
  type EventStore,
  expect,
  WrongExpectedVersionError,
} from '../../eventstore/eventStore.js';
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
 * The append a command makes on a pair whose whole history the caller vouches for, decided without reading
 * the stream and expecting exactly that many events (see relateAssuming); undefined when the decision is a
 * refusal or nothing to do, which the ordinary handler must decide from the stream.
 */
export function assumedAppend(
  command: RelationshipCommand,
  context: CommandContext,
  history: readonly RelationshipEvent[],
): (AppendRequest & { decided: RelationshipEvent[]; state: RelationshipState }) | undefined {
  const state = history.reduce(relationshipDecider.evolve, initialRelationshipState);
  let events: RelationshipEvent[];
  try {
    events = relationshipDecider.decide(command, state);
  } catch {
    return undefined;
  }
  if (events.length === 0) return undefined;
  return {
    stream: relationshipStream(command.actorId, command.targetId),
    events: newEvents(events, context),
    expected: history.length === 0 ? expect.noStream : expect.revision(history.length - 1),
    decided: events,
    state: events.reduce(relationshipDecider.evolve, state),
  };
}

/**
 * Decides from the history the caller vouches for instead of reading the stream, and appends expecting exactly
 * that many events: a pair that never related yet (most follows of an import or a move: no history), or a
 * follow the caller knows to be the pair's only event. The revision check proves the count, the caller's
 * knowledge the content. Anything else (the stream moved on, a refusal, nothing to do) answers undefined and
 * the ordinary handler decides from the stream.
 */
async function relateAssuming(
  store: EventStore,
  command: RelationshipCommand,
  context: CommandContext,
  history: readonly RelationshipEvent[],
) {
  const append = assumedAppend(command, context, history);
  if (!append) return undefined;
  try {
    const { position } = await store.appendToStream(append.stream, append.events, append.expected);
    return { events: append.decided, state: append.state, position };
  } catch (error) {
    if (error instanceof WrongExpectedVersionError) return undefined;
    throw error;
  }
}

export interface RelateOptions {
  /** The caller expects the pair to have no history: the stream is not read first. */
  newPair?: boolean;
  /**
   * The pair's whole history as the caller knows it to be, should the stream hold that many events (see
   * relateAssuming): the stream is not read first.
   */
  assumedHistory?: readonly RelationshipEvent[];
}

/** Decides and appends on the pair's stream; processes call this and do not wait for the read model. */
export async function relate(
  deps: Pick<RelationshipCommandDeps, 'eventStore'>,
  command: RelationshipCommand,
  context: CommandContext,
  options: RelateOptions = {},
): Promise<HandleResult<RelationshipEvent, RelationshipState>> {
  const stream = relationshipStream(command.actorId, command.targetId);
  const history = options.assumedHistory ?? (options.newPair ? [] : undefined);
  const fresh = history && (await relateAssuming(deps.eventStore, command, context, history));
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
