import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as setBased from '../../src/db/migrations/006_append_to_streams_set_based.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

/**
 * Migration 006 rewrote annals_append_to_streams set-based. The same calls go to it and, in a second database
 * migrated back to 005's loop, to the original: results, refusals (SQLSTATE, DETAIL, HINT) and the streams and
 * events they leave must be the same, positions aside (they come from transaction ids).
 */

interface Request {
  stream: string;
  expected: 'any' | 'no_stream' | 'stream_exists' | 'revision';
  expected_revision?: number;
  events: string[];
}

const call = (stream: string, expected: Request['expected'], events: string[], revision?: number) => ({
  stream,
  expected,
  expected_revision: revision,
  events,
});

/** Calls in order; each call's requests use event ids made once, so both databases get the same ids. */
const calls: Request[][] = [
  [call('a', 'no_stream', ['A0', 'A1']), call('b', 'any', ['B0']), call('c', 'any', [])],
  [call('b', 'revision', ['B1'], 0), call('a', 'revision', ['A2'], 1), call('b', 'revision', ['B2'], 1)],
  // Refused: b is at 2. The first refusal in stream-name order is reported, whatever the request order.
  [call('d', 'no_stream', ['D0']), call('b', 'revision', ['Bx'], 1), call('a', 'no_stream', ['Ax'])],
  // Refused on a stream's second request, after its first would have moved it on.
  [call('e', 'no_stream', ['E0']), call('e', 'no_stream', ['E1'])],
  [call('f', 'stream_exists', ['F0'])],
  // Requests without events report where their stream stands, also after an earlier request of the call.
  [
    call('g', 'no_stream', []),
    call('g', 'any', ['G0', 'G1']),
    call('g', 'stream_exists', []),
    call('a', 'any', []),
  ],
  [call('h', 'any', []), call('g', 'revision', ['G2'], 1)],
];

const ids = new Map<string, string>();
const idOf = (name: string) => ids.get(name) ?? ids.set(name, randomUUID()).get(name)!;

function payload(requests: Request[]) {
  return JSON.stringify(
    requests.map(({ stream, expected, expected_revision, events }) => ({
      stream,
      expected,
      expected_revision: expected_revision ?? null,
      events: events.map((type) => ({ id: idOf(type), type, data: { type }, metadata: { time: 't' } })),
    })),
  );
}

/** What each call answered, with positions as their rank among the database's positions. */
async function outcomes(database: TestDatabase) {
  const answers: unknown[] = [];
  for (const requests of calls) {
    try {
      const { rows } = await database.db.raw(
        'select request, next_revision, last_position::text from annals_append_to_streams(?::jsonb)',
        [payload(requests)],
      );
      answers.push(rows.map((row: { request: number; next_revision: number; last_position: string }) => row));
    } catch (error) {
      const { code, detail, hint } = error as { code: string; detail: string; hint: string };
      answers.push({ code, detail, hint });
    }
  }
  const { rows: events } = await database.db.raw(
    'select position::text, stream, revision, type from events order by position',
  );
  const rank = new Map(events.map((event: { position: string }, i: number) => [event.position, i]));
  const ranked = JSON.parse(JSON.stringify(answers), (key, value) =>
    key === 'last_position' ? (rank.get(value) ?? value) : value,
  );
  const { rows: streams } = await database.db.raw('select * from streams order by stream_name');
  const log = events.map(({ stream, revision, type }: Record<string, unknown>) => ({
    stream,
    revision,
    type,
  }));
  return { answers: ranked, log, streams };
}

describe('annals_append_to_streams, set-based (migration 006)', () => {
  let current: TestDatabase;
  let original: TestDatabase;

  beforeAll(async () => {
    [current, original] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    await setBased.down(original.db);
  });
  afterAll(async () => {
    await Promise.all([current.drop(), original.drop()]);
  });

  it('answers, refuses and writes exactly what the plpgsql loop of migration 005 did', async () => {
    const mine = await outcomes(current);
    expect(mine).toEqual(await outcomes(original));
    // The calls above do exercise refusals and requests without events.
    expect(mine.answers.filter((answer: { code?: string }) => answer.code === 'AN409')).toHaveLength(3);
    expect(mine.streams.map((row: { stream_name: string }) => row.stream_name)).toEqual(['a', 'b', 'g']);
  });
});
