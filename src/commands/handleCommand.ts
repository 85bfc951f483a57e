import type { Decider, DomainEvent } from '../domain/shared/decider.js';
import { DomainError } from '../domain/shared/errors.js';
import { eventId } from '../domain/shared/ids.js';
import {
  type EventStore,
  type ExpectedState,
  expect,
  type NewEvent,
  type RecordedEvent,
  WrongExpectedVersionError,
} from '../eventstore/eventStore.js';
import { inStreamTurn } from './streamTurns.js';

export const SCHEMA_VERSION = 1;

/** Who asked, when, and which request: becomes every appended event's metadata. */
export interface CommandContext {
  /** Unique per request; event ids derive from it, so a retried request appends nothing new. */
  commandId: string;
  actor: string | null;
  correlationId: string;
  causationId: string | null;
  time: Date;
}

export interface HandleResult<Event extends DomainEvent, State> {
  events: Event[];
  state: State;
  /** Global position of the last appended event, or null when the decision was "nothing to do". */
  position: bigint | null;
}

const MAX_ATTEMPTS = 5;

/** A decision's events as the store takes them: ids derived from the command id, the context as metadata. */
export function newEvents(events: readonly DomainEvent[], context: CommandContext): NewEvent[] {
  return events.map((event, index) => ({
    id: eventId(context.commandId, index),
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: {
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: context.causationId,
      time: context.time.toISOString(),
      schemaVersion: SCHEMA_VERSION,
    },
  }));
}

/**
 * What must exist before the facts are recorded (files written to disk, say): done after the decision and
 * before the append, it returns how to undo itself, which runs when the append fails (a conflict, then
 * decided and done again, or an error). A failure inside `beforeAppend` must leave nothing behind itself.
 */
export interface CommandEffects<Event extends DomainEvent, State> {
  beforeAppend(events: Event[], state: State): Promise<() => Promise<void>>;
}

export interface CommandOptions<Event extends DomainEvent, State>
  extends Partial<CommandEffects<Event, State>> {
  /**
   * The stream as the use case read it, beside the read models it checks (issued together, the reads share
   * a round trip: db/jsonBatch.ts). The first attempt decides on it; a retry after a conflict reads again.
   */
  history?: readonly RecordedEvent[];
}

/**
 * The one command handler (practice 3): read the stream, fold, decide, append with the expected revision.
 * Commands on the same stream from this process take turns (streamTurns.ts); a writer elsewhere makes the
 * append fail with a revision conflict, and we re-read and decide again, a bounded number of times, then
 * answer 409.
 */
export function handleCommand<Command, Event extends DomainEvent, State>(
  store: EventStore,
  stream: string,
  decider: Decider<Command, Event, State>,
  command: Command,
  context: CommandContext,
  options: CommandOptions<Event, State> = {},
): Promise<HandleResult<Event, State>> {
  return inStreamTurn(store, stream, (waited) =>
    decideAndAppend(
      store,
      stream,
      decider,
      command,
      context,
      waited ? { ...options, history: undefined } : options,
    ),
  );
}

async function decideAndAppend<Command, Event extends DomainEvent, State>(
  store: EventStore,
  stream: string,
  decider: Decider<Command, Event, State>,
  command: Command,
  context: CommandContext,
  options: CommandOptions<Event, State>,
): Promise<HandleResult<Event, State>> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const history = (attempt === 1 && options.history) || (await store.readStream(stream));
    const upcast = decider.upcast ?? ((event: DomainEvent) => event as Event);
    const state = history.map((recorded) => upcast(recorded)).reduce(decider.evolve, decider.initialState);
    const events = decider.decide(command, state);
    if (events.length === 0) return { events, state, position: null };

    const expected: ExpectedState =
      history.length === 0 ? expect.noStream : expect.revision(history[history.length - 1]!.revision);
    const undo = await options.beforeAppend?.(events, state);
    try {
      const result = await store.appendToStream(stream, newEvents(events, context), expected);
      return { events, state: events.reduce(decider.evolve, state), position: result.position };
    } catch (error) {
      await undo?.();
      if (!(error instanceof WrongExpectedVersionError) || attempt === MAX_ATTEMPTS) {
        if (error instanceof WrongExpectedVersionError) {
          throw new DomainError('conflict', 'The resource was changed concurrently, please retry.', 409);
        }
        throw error;
      }
    }
  }
  throw new Error('unreachable');
}
