import type { Knex } from 'knex';
import {
  type AppendRequest,
  type AppendResult,
  type ExpectedState,
  type NewEvent,
  refuses,
  WrongExpectedVersionError,
} from './eventStore.js';

/** What a refused append means: a retry, whose original results are answered, or a conflict. */

interface Stored {
  stored: number;
  revision: number | null;
  position: string | null;
}

interface Current {
  revision: number;
  position: string | null;
}

/** Per request, how many of its event ids its stream holds, and the newest of them. */
async function storedOf(db: Knex, requests: readonly AppendRequest[]): Promise<Stored[]> {
  const ords: number[] = [];
  const streams: string[] = [];
  const ids: string[] = [];
  requests.forEach((request, index) => {
    for (const event of request.events) {
      ords.push(index);
      streams.push(request.stream);
      ids.push(event.id);
    }
  });
  const { rows } = await db.raw<{ rows: (Stored & { ord: number })[] }>(
    `select w.ord, count(e.position)::integer as stored, max(e.revision) as revision,
       max(e.position)::text as position
     from unnest(?::integer[], ?::text[], ?::uuid[]) as w(ord, stream, event_id)
     left join events e on e.stream = w.stream and e.event_id = w.event_id
     group by w.ord`,
    [ords, streams, ids],
  );
  const byOrd = new Map(rows.map((row) => [row.ord, row]));
  return requests.map((_, index) => byOrd.get(index) ?? { stored: 0, revision: null, position: null });
}

/** Each stream's revision and last position now (absent: no stream). */
async function currentOf(db: Knex, streams: readonly string[]): Promise<Map<string, Current>> {
  const { rows } = await db.raw<{ rows: (Current & { stream_name: string })[] }>(
    `select s.stream_name, s.revision,
       (select e.position::text from events e where e.stream = s.stream_name and e.revision = s.revision) as position
     from streams s where s.stream_name = any(?::text[])`,
    [[...new Set(streams)]],
  );
  return new Map(rows.map((row) => [row.stream_name, row]));
}

/**
 * A refused appendToStreams (AN409 from the function, its HINT the request, or a unique violation on an event
 * id) is either a retry, every request's events stored already, whose original results we return, or a
 * conflict. The conflict names, in this order of preference: a request only partly stored; the refused
 * request the function named, if not stored; a request not stored whose expectation fails now; a stored
 * request (the call mixes a retry with new appends); the first request.
 */
export async function originalsOrConflict(
  db: Knex,
  requests: readonly AppendRequest[],
  error: unknown,
): Promise<AppendResult[]> {
  const { code, hint } = (error ?? {}) as { code?: string; hint?: string };
  if (code !== 'AN409' && code !== '23505') throw error;
  const stored = await storedOf(db, requests);
  const current = await currentOf(
    db,
    requests.map((request) => request.stream),
  );
  const actualOf = (index: number) => current.get(requests[index]!.stream)?.revision ?? -1;
  const full = (index: number) => {
    const count = requests[index]!.events.length;
    return count > 0 && stored[index]!.stored === count;
  };
  const withEvents = requests.flatMap((request, index) => (request.events.length > 0 ? [index] : []));
  if (withEvents.length > 0 && withEvents.every(full)) {
    return requests.map((request, index) => {
      if (full(index)) {
        const original = stored[index]!;
        return { nextRevision: original.revision!, position: BigInt(original.position!) };
      }
      const now = current.get(request.stream);
      return { nextRevision: now?.revision ?? -1, position: BigInt(now?.position ?? 0) };
    });
  }
  const indexes = requests.map((_, index) => index);
  const named = hint === undefined ? undefined : Number(hint) - 1;
  const conflicting =
    indexes.find((i) => stored[i]!.stored > 0 && !full(i)) ??
    (named !== undefined && requests[named] && !full(named) ? named : undefined) ??
    indexes.find((i) => !full(i) && refuses(requests[i]!.expected, actualOf(i))) ??
    indexes.find(full) ??
    0;
  const request = requests[conflicting]!;
  const actual = actualOf(conflicting);
  throw new WrongExpectedVersionError(request.stream, request.expected, actual < 0 ? 'no_stream' : actual);
}

/**
 * A refused append (AN409 from our function, or a unique violation on an event id) is either a retry,
 * whose events are all stored already and whose original result we return, or a conflict.
 */
export async function originalOrConflict(
  db: Knex,
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedState,
  error: unknown,
): Promise<AppendResult> {
  const { code, detail } = (error ?? {}) as { code?: string; detail?: string };
  if (code !== 'AN409' && code !== '23505') throw error;
  const { rows } = await db.raw<{
    rows: { stored: number; revision: number | null; position: string | null }[];
  }>(
    `select count(*)::integer as stored, max(revision) as revision, max(position)::text as position
     from events where stream = ? and event_id = any(?::uuid[])`,
    [stream, events.map((event) => event.id)],
  );
  const original = rows[0]!;
  if (events.length > 0 && original.stored === events.length) {
    return { nextRevision: original.revision!, position: BigInt(original.position!) };
  }
  if (code === 'AN409') {
    throw new WrongExpectedVersionError(
      stream,
      expected,
      detail === 'no_stream' ? 'no_stream' : Number(detail),
    );
  }
  const current = await db('streams').where({ stream_name: stream }).first('revision');
  throw new WrongExpectedVersionError(stream, expected, current ? Number(current.revision) : 'no_stream');
}
