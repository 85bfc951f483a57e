import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type AppendStreamState,
  BACKWARDS,
  END,
  eventTypeFilter,
  excludeSystemEvents,
  type Filter,
  jsonEvent,
  WrongExpectedVersionError as KurrentConflict,
  KurrentDBClient,
  NO_STREAM,
  type ResolvedEvent,
  START,
  StreamNotFoundError,
} from '@kurrent/kurrentdb-client';
import {
  type AppendResult,
  type EventStore,
  type ExpectedState,
  type NewEvent,
  type ReadStreamOptions,
  type RecordedEvent,
  type Subscription,
  WrongExpectedVersionError,
} from './eventStore.js';
import { decodeMetadata, kurrentAppendToStreams } from './kurrentAppendMany.js';
import { decodePosition, encodePosition } from './kurrentPosition.js';
import { type StoreLogger, silentLogger } from './pollingSubscription.js';

/** How far back a conflicting or `any` append looks for its own event ids (a retried command). */
const RETRY_SCAN = 1000;
const ANY_ATTEMPTS = 10;

type Resolved = Pick<ResolvedEvent, 'event'>;

/** Our events only: `$`-prefixed types and streams are KurrentDB's own. */
function toRecorded({ event }: Resolved): RecordedEvent | undefined {
  if (!event || event.type.startsWith('$') || event.streamId.startsWith('$')) return undefined;
  return {
    id: event.id,
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: decodeMetadata(event.metadata),
    stream: event.streamId,
    revision: Number(event.revision),
    // Servers before 22.6 leave positions off stream reads; stream readers only use revisions.
    position: event.position ? encodePosition(event.position) : 0n,
  };
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function typeFilter(eventTypes?: readonly string[]): Filter {
  if (!eventTypes) return excludeSystemEvents();
  // `^$` matches no stored type: an empty list selects nothing, as in the PostgreSQL adapter.
  return eventTypeFilter({ regex: `^(?:${eventTypes.map(escapeRegex).join('|')})$` });
}

/** The original result when every id is already in the stream (a retried append); a conflict when only some are. */
function retriedResult(
  stream: string,
  expected: ExpectedState,
  tail: RecordedEvent[],
  events: readonly NewEvent[],
) {
  const found = tail.filter((recorded) => events.some((event) => event.id === recorded.id));
  if (found.length === 0) return undefined;
  if (found.length < events.length) throw new WrongExpectedVersionError(stream, expected, tail[0]!.revision);
  const last = found.reduce((a, b) => (a.revision > b.revision ? a : b));
  return { nextRevision: last.revision, position: last.position } satisfies AppendResult;
}

/**
 * KurrentDB / EventStoreDB through its gRPC client; same semantics as the PostgreSQL adapter. Positions
 * carry both halves of KurrentDB's (commit, prepare) pair, so resuming inside a multi-event commit neither
 * skips nor repeats an event: see kurrentPosition.ts.
 */
export function createKurrentDbEventStore(
  connectionString: string,
  options: { logger?: StoreLogger } = {},
): EventStore {
  const logger = options.logger ?? silentLogger;
  const client = KurrentDBClient.connectionString(connectionString);
  const subscriptions = new Set<Subscription>();

  async function readStream(
    stream: string,
    { direction = 'forwards', fromRevision, maxCount }: ReadStreamOptions = {},
  ) {
    if (maxCount === 0) return [];
    const start =
      fromRevision === undefined ? (direction === 'forwards' ? START : END) : BigInt(fromRevision);
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of client.readStream(stream, { direction, fromRevision: start, maxCount })) {
        const recorded = toRecorded(resolved);
        if (recorded) events.push(recorded);
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return events;
  }

  const tailOf = (stream: string) => readStream(stream, { direction: 'backwards', maxCount: RETRY_SCAN });

  /** Exact revision for every append, so the server compares our event ids with what it holds there. */
  async function resolveState(
    stream: string,
    expected: ExpectedState,
    tail: RecordedEvent[],
  ): Promise<AppendStreamState> {
    if (expected.kind === 'revision') return BigInt(expected.revision);
    if (expected.kind === 'no_stream') return NO_STREAM;
    if (tail.length > 0) return BigInt(tail[0]!.revision);
    if (expected.kind === 'stream_exists') throw new WrongExpectedVersionError(stream, expected, 'no_stream');
    return NO_STREAM;
  }

  async function appendToStream(stream: string, events: readonly NewEvent[], expected: ExpectedState) {
    const exactOnly = expected.kind === 'revision' || expected.kind === 'no_stream';
    for (let attempt = 1; ; attempt++) {
      // `any` / `stream_exists` learn the current revision (and spot a retry) from the tail first.
      const tail = exactOnly && events.length > 0 ? [] : await tailOf(stream);
      const retried = retriedResult(stream, expected, tail, events);
      if (retried) return retried;
      const streamState = await resolveState(stream, expected, tail);
      if (events.length === 0) return emptyAppend(stream, expected, streamState, tail);
      const data = events.map(({ id, type, data, metadata }) =>
        jsonEvent({ id, type, data, metadata: { ...metadata } }),
      );
      const result = await client.appendToStream(stream, data, { streamState }).catch((error: unknown) => {
        if (error instanceof KurrentConflict) return undefined;
        throw error;
      });
      if (result?.success) {
        // Read the last event back: a retry the server answered idempotently reports no reliable position.
        const [last] = await readStream(stream, {
          fromRevision: Number(result.nextExpectedRevision),
          maxCount: 1,
        });
        const position = last?.position || (result.position ? encodePosition(result.position) : 0n);
        return { nextRevision: Number(result.nextExpectedRevision), position } satisfies AppendResult;
      }
      const current = await tailOf(stream);
      const original = retriedResult(stream, expected, current, events);
      if (original) return original;
      if (exactOnly || attempt >= ANY_ATTEMPTS) {
        throw new WrongExpectedVersionError(stream, expected, current[0]?.revision ?? 'no_stream');
      }
      logger.debug({ stream, attempt }, 'append raced another writer; retrying at the new revision');
    }
  }

  function emptyAppend(
    stream: string,
    expected: ExpectedState,
    state: AppendStreamState,
    tail: RecordedEvent[],
  ) {
    const actual = tail[0]?.revision ?? 'no_stream';
    const wanted = state === NO_STREAM ? 'no_stream' : Number(state);
    if (expected.kind !== 'any' && actual !== wanted)
      throw new WrongExpectedVersionError(stream, expected, actual);
    return {
      nextRevision: tail[0]?.revision ?? -1,
      position: tail[0]?.position ?? 0n,
    } satisfies AppendResult;
  }

  async function readAll({
    after = 0n,
    maxCount = Number.POSITIVE_INFINITY,
    eventTypes,
  }: {
    after?: bigint;
    maxCount?: number;
    eventTypes?: readonly string[];
  } = {}) {
    const events: RecordedEvent[] = [];
    if (maxCount <= 0) return events;
    const fromPosition = after > 0n ? decodePosition(after) : START;
    // The read starts at `after` itself (inclusive) and is cut short once we have enough.
    for await (const resolved of client.readAll({ fromPosition, filter: typeFilter(eventTypes) })) {
      const recorded = toRecorded(resolved);
      if (!recorded || recorded.position <= after) continue;
      events.push(recorded);
      if (events.length >= maxCount) break;
    }
    return events;
  }

  async function headPosition() {
    for await (const resolved of client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      filter: excludeSystemEvents(),
    })) {
      const recorded = toRecorded(resolved);
      if (recorded) return recorded.position;
    }
    return 0n;
  }

  function subscribe(options: Parameters<EventStore['subscribe']>[0]): Subscription {
    const insideHandler = new AsyncLocalStorage<true>();
    const fromPosition = options.after > 0n ? decodePosition(options.after) : START;
    const source = client.subscribeToAll({ fromPosition, filter: typeFilter(options.eventTypes) });
    let cursor = options.after;
    let stopped = false;
    const done = (async () => {
      for await (const resolved of source) {
        if (stopped) break;
        const recorded = toRecorded(resolved);
        if (!recorded || recorded.position <= cursor) continue;
        await insideHandler.run(true, () => options.onEvent(recorded));
        cursor = recorded.position;
      }
    })()
      .catch((error: unknown) => {
        if (stopped) return;
        stopped = true;
        if (options.onError) options.onError(error);
        else logger.warn({ err: error }, 'event store subscription stopped');
      })
      .finally(() => source.unsubscribe().catch(() => undefined));
    const subscription: Subscription = {
      async stop() {
        stopped = true;
        subscriptions.delete(subscription);
        await source.unsubscribe().catch(() => undefined);
        if (!insideHandler.getStore()) await done;
      },
    };
    subscriptions.add(subscription);
    return subscription;
  }

  return {
    kind: 'kurrentdb',
    appendToStream,
    appendToStreams: kurrentAppendToStreams(client, readStream),
    readStream,
    readAll,
    headPosition,
    subscribe,
    async close() {
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
      await client.dispose();
    },
  };
}
