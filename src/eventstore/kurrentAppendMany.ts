import {
  type AppendStreamState,
  jsonEvent,
  WrongExpectedVersionError as KurrentConflict,
  type KurrentDBClient,
  NO_STREAM,
} from '@kurrent/kurrentdb-client';
import {
  type AppendRequest,
  type AppendResult,
  type ReadStreamOptions,
  type RecordedEvent,
  refuses,
  WrongExpectedVersionError,
} from './eventStore.js';

/**
 * KurrentDB's multi-stream append (25.1+) takes metadata as string values only, so ours travels JSON-encoded
 * under one key and is decoded on read (decodeMetadata): readers see the same metadata either way.
 */
const METADATA_KEY = 'annals.metadata';

export function decodeMetadata(metadata: unknown): RecordedEvent['metadata'] {
  const encoded = (metadata as Record<string, unknown> | undefined)?.[METADATA_KEY];
  return (typeof encoded === 'string' ? JSON.parse(encoded) : metadata) as RecordedEvent['metadata'];
}

type ReadStream = (stream: string, options?: ReadStreamOptions) => Promise<RecordedEvent[]>;

const RETRY_SCAN = 1000;

/** The original result when every id of the request is in the stream's tail. */
function originalOf(tail: RecordedEvent[], request: AppendRequest): AppendResult | undefined {
  const ids = new Set(request.events.map((event) => event.id));
  const found = tail.filter((recorded) => ids.has(recorded.id));
  if (request.events.length === 0 || found.length < request.events.length) return undefined;
  const last = found.reduce((a, b) => (a.revision > b.revision ? a : b));
  return { nextRevision: last.revision, position: last.position };
}

/**
 * appendToStreams through multiStreamAppend: atomic on the server. As in appendToStream, a request expecting
 * `any` or `stream_exists` (or appending nothing) reads its tail first, to spot a retry and to send an exact
 * revision. A refusal is a retry when every request's ids are in its stream already (the original results),
 * else a conflict on the stream the server named.
 * TODO(kurrentdb-multi-append): not yet run against a 25.1 server (none in this environment).
 */
export function kurrentAppendToStreams(client: KurrentDBClient, readStream: ReadStream) {
  const tailOf = (stream: string) => readStream(stream, { direction: 'backwards', maxCount: RETRY_SCAN });
  const resultOf = async (stream: string, revision: number): Promise<AppendResult> => {
    const [last] = await readStream(stream, { fromRevision: revision, maxCount: 1 });
    return { nextRevision: revision, position: last?.position ?? 0n };
  };
  const currentOf = (tail: RecordedEvent[]): AppendResult => ({
    nextRevision: tail[0]?.revision ?? -1,
    position: tail[0]?.position ?? 0n,
  });
  const conflict = (request: AppendRequest, tail: RecordedEvent[]) =>
    new WrongExpectedVersionError(request.stream, request.expected, tail[0]?.revision ?? 'no_stream');

  /** Originals if every request with events is stored already; a conflict if some are; else undefined. */
  function retried(requests: readonly AppendRequest[], tails: RecordedEvent[][], mustBeAll: boolean) {
    const originals = requests.map((request, index) => originalOf(tails[index]!, request));
    const pending = requests.findIndex((request, index) => request.events.length > 0 && !originals[index]);
    if (pending < 0) return requests.map((_, index) => originals[index] ?? currentOf(tails[index]!));
    if (mustBeAll) throw conflict(requests[pending]!, tails[pending]!);
    return undefined;
  }

  return async function appendToStreams(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    if (requests.length === 0) return [];
    const exact = (request: AppendRequest) =>
      request.events.length > 0 &&
      (request.expected.kind === 'revision' || request.expected.kind === 'no_stream');
    const tails = await Promise.all(requests.map((r) => (exact(r) ? [] : tailOf(r.stream))));
    for (const [index, request] of requests.entries()) {
      if (!exact(request) && refuses(request.expected, tails[index]![0]?.revision ?? -1)) {
        if (request.events.length === 0 || !originalOf(tails[index]!, request))
          throw conflict(request, tails[index]!);
      }
    }
    const sent = requests.flatMap((request, index) => (request.events.length > 0 ? [index] : []));
    if (sent.length === 0) return tails.map(currentOf);
    if (sent.every((index) => !exact(requests[index]!))) {
      const original = retried(requests, tails, false);
      if (original) return original;
    }
    try {
      const result = await client.multiStreamAppend(
        sent.map((index) => {
          const request = requests[index]!;
          const tail = tails[index]!;
          const streamState: AppendStreamState = exact(request)
            ? stateOf(request)
            : tail.length > 0
              ? BigInt(tail[0]!.revision)
              : NO_STREAM;
          return {
            streamName: request.stream,
            expectedState: streamState,
            events: request.events.map(({ id, type, data, metadata }) =>
              jsonEvent({ id, type, data, metadata: { [METADATA_KEY]: JSON.stringify(metadata) } }),
            ),
          };
        }),
      );
      const revisions = new Map(result.responses.map((r) => [r.streamName, Number(r.revision)]));
      return Promise.all(
        requests.map((request, index) => {
          const revision = revisions.get(request.stream);
          if (revision === undefined || request.events.length === 0) return currentOf(tails[index]!);
          return resultOf(request.stream, revision);
        }),
      );
    } catch (error) {
      if (!(error instanceof KurrentConflict)) throw error;
      const now = await Promise.all(requests.map((request) => tailOf(request.stream)));
      const named = requests.findIndex(
        (request, index) => request.stream === error.streamName && !originalOf(now[index]!, request),
      );
      if (named >= 0) throw conflict(requests[named]!, now[named]!);
      return retried(requests, now, true)!;
    }
  };
}

function stateOf(request: AppendRequest): AppendStreamState {
  return request.expected.kind === 'revision' ? BigInt(request.expected.revision) : NO_STREAM;
}
