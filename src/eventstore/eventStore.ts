/**
 * The event store port. Two adapters implement it: PostgreSQL (postgres.ts, the embedded default) and
 * KurrentDB / EventStoreDB (kurrentdb.ts). One contract suite (test/integration/eventstore.contract.ts)
 * runs against both.
 */

/** What the writer believes about the stream before appending. */
export type ExpectedState =
  | { kind: 'no_stream' }
  | { kind: 'any' }
  | { kind: 'stream_exists' }
  /** The revision of the stream's last event (0-based). */
  | { kind: 'revision'; revision: number };

export const expect = {
  noStream: { kind: 'no_stream' } as ExpectedState,
  any: { kind: 'any' } as ExpectedState,
  streamExists: { kind: 'stream_exists' } as ExpectedState,
  revision: (revision: number): ExpectedState => ({ kind: 'revision', revision }),
};

/** Whether a stream whose last revision is `actual` (-1: no stream) refuses an append expecting `expected`. */
export function refuses(expected: ExpectedState, actual: number): boolean {
  switch (expected.kind) {
    case 'any':
      return false;
    case 'no_stream':
      return actual >= 0;
    case 'stream_exists':
      return actual < 0;
    case 'revision':
      return actual !== expected.revision;
  }
}

export interface EventMetadata {
  /** Account id of who caused it, or null for the system. */
  actor: string | null;
  correlationId: string;
  causationId: string | null;
  /** ISO 8601 time of the command that produced the event. */
  time: string;
  schemaVersion: number;
}

export interface NewEvent<Type extends string = string, Data = Record<string, unknown>> {
  /** UUID derived from the command id (see eventId in domain/shared/ids.ts): a retried command appends nothing. */
  id: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = Record<string, unknown>>
  extends NewEvent<Type, Data> {
  stream: string;
  /** 0-based position in its stream. */
  revision: number;
  /** Position in the global log ($all); strictly increasing in read order. Opaque beyond ordering. */
  position: bigint;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  nextRevision: number;
  /** Global position of the last appended event. */
  position: bigint;
}

/** One stream's part of an appendToStreams call. */
export interface AppendRequest {
  stream: string;
  events: readonly NewEvent[];
  expected: ExpectedState;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive; defaults to the start (forwards) or the end (backwards). */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. 0n (or omitted) reads from the beginning. */
  after?: bigint;
  maxCount?: number;
  /** Only these event types (the adapter may filter server-side). */
  eventTypes?: readonly string[];
}

export interface SubscribeOptions {
  /** Exclusive, as in readAll. */
  after: bigint;
  eventTypes?: readonly string[];
  /** Called for each event, in global order, never concurrently; a rejection stops the subscription. */
  onEvent(event: RecordedEvent): Promise<void>;
  onError?(error: unknown): void;
}

export interface Subscription {
  stop(): Promise<void>;
}

export class WrongExpectedVersionError extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedState,
    readonly actual: number | 'no_stream',
  ) {
    super(`Wrong expected version on ${stream}: expected ${JSON.stringify(expected)}, actual ${actual}`);
    this.name = 'WrongExpectedVersionError';
  }
}

export interface EventStore {
  readonly kind: 'postgres' | 'kurrentdb';
  /** Atomic: all events or none. Re-appending events with ids already in the stream returns the original result. */
  appendToStream(stream: string, events: readonly NewEvent[], expected: ExpectedState): Promise<AppendResult>;
  /**
   * Several appends as one: all of them or none. Results are in request order; the global log holds the events
   * in request order too. A conflict on any stream throws WrongExpectedVersionError naming that stream (one
   * whose events are not all stored already). Retried (every request's event ids already in its stream) it
   * returns the original results. Requests for the same stream apply in order.
   */
  appendToStreams(requests: readonly AppendRequest[]): Promise<AppendResult[]>;
  /** An absent stream reads as []. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the newest event readers can see (0n for an empty store). */
  headPosition(): Promise<bigint>;
  subscribe(options: SubscribeOptions): Subscription;
  close(): Promise<void>;
}
