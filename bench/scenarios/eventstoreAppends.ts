import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { type EventStore, expect, type NewEvent } from '../../src/eventstore/eventStore.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import { createBenchDatabase } from '../lib/database.js';
import type { ResultRow, Scenario, ScenarioContext } from '../lib/scenario.js';
import {
  interleaved,
  type LoadResult,
  latencyColumns,
  rateOf,
  ratioCell,
  round,
  runLoad,
} from '../lib/stats.js';

const WRITERS = [1, 4];
const EVENTS_PER_APPEND = [1, 10];
const WARM_UP_MS = 300;
const ROUNDS = 6;
const TARGET_RATIO = 0.5;

/** About the size of a StatusCreated: a few hundred bytes of JSON. */
function payload(index: number) {
  return {
    statusId: `${Date.now()}${index}`,
    content: 'An ordinary status of a sentence or two, with a #hashtag and a @mention@example.social in it.',
    visibility: 'public',
    mentions: ['mention@example.social'],
    tags: ['hashtag'],
  };
}

const metadata = () => ({
  actor: '1234567890',
  correlationId: randomUUID(),
  causationId: null,
  time: new Date().toISOString(),
  schemaVersion: 1,
});

const newEvents = (count: number): NewEvent[] =>
  Array.from({ length: count }, (_, index) => ({
    id: randomUUID(),
    type: 'StatusCreated',
    data: payload(index),
    metadata: metadata(),
  }));

async function rawInserts(db: Knex, writers: number, durationMs: number): Promise<LoadResult> {
  return runLoad({ concurrency: writers, durationMs }, async (worker) => {
    await db.raw(
      'insert into bench_raw_events (stream, type, data, metadata) values (?, ?, ?::jsonb, ?::jsonb)',
      [`raw-${worker}`, 'StatusCreated', JSON.stringify(payload(0)), JSON.stringify(metadata())],
    );
  });
}

type WriterStream = { name: string; revision: number };
const newStreams = (writers: number): WriterStream[] =>
  Array.from({ length: writers }, () => ({ name: `status-${randomUUID()}`, revision: -1 }));

/** Each writer appends to its own stream with the exact expected revision, as the command handler does. */
async function storeAppends(
  store: EventStore,
  streams: WriterStream[],
  perAppend: number,
  durationMs: number,
) {
  return runLoad({ concurrency: streams.length, durationMs }, async (worker) => {
    const stream = streams[worker]!;
    const expected = stream.revision < 0 ? expect.noStream : expect.revision(stream.revision);
    stream.revision = (await store.appendToStream(stream.name, newEvents(perAppend), expected)).nextRevision;
  });
}

function row(
  name: string,
  writers: number,
  perAppend: number,
  result: LoadResult,
  rawRowsPerSecond?: number,
) {
  const appends = rateOf(result);
  return {
    case: name,
    writers,
    'events/append': perAppend,
    'appends/s': round(appends, 0),
    'events/s': round(appends * perAppend, 0),
    ...latencyColumns(result.latenciesMs),
    'ratio vs raw': ratioCell(appends * perAppend, rawRowsPerSecond),
  } satisfies ResultRow;
}

async function run(context: ScenarioContext): Promise<ResultRow[]> {
  const database = await createBenchDatabase(context.server.adminUrl, 8);
  const store = createPostgresEventStore(database.db);
  const rows: ResultRow[] = [];
  try {
    await database.db.raw(`create table bench_raw_events (
      id bigserial primary key, stream text not null, type text not null,
      data jsonb not null, metadata jsonb not null, created_at timestamptz not null default now())`);
    for (const writers of WRITERS) {
      const cases = [
        (ms: number) => rawInserts(database.db, writers, ms),
        ...EVENTS_PER_APPEND.map((perAppend) => {
          const streams = newStreams(writers);
          return (ms: number) => storeAppends(store, streams, perAppend, ms);
        }),
      ];
      // Interleaved slices: the baseline and the store see the same moments of a machine shared with others.
      const [raw, ...appends] = await interleaved(cases, {
        warmUpMs: WARM_UP_MS,
        rounds: ROUNDS,
        durationMs: context.caseDurationMs,
      });
      const rawRows = rateOf(raw!);
      rows.push(row('raw single-row INSERT', writers, 1, raw!));
      for (const [i, result] of appends.entries()) {
        rows.push(row('event store append', writers, EVENTS_PER_APPEND[i]!, result, rawRows));
      }
      context.log(`${writers} writer(s) done`);
    }
  } finally {
    await store.close();
    await database.drop();
  }
  return rows;
}

export const eventstoreAppends: Scenario = {
  name: 'eventstore-appends',
  description:
    'Appends per second through the PostgreSQL event store (1 and 10 events per append, 1 and 4 writers), ' +
    'beside raw single-row INSERTs of the same jsonb row shape into a plain table at the same concurrency.',
  run,
  notes: (rows) => [
    'ratio vs raw = event store events/s ÷ raw rows/s at the same number of writers (each raw INSERT and each append is its own transaction).',
    `Target: ≥ ${TARGET_RATIO} for 1 event per append. ` +
      (rows.some(
        (r) =>
          r['events/append'] === 1 &&
          typeof r['ratio vs raw'] === 'number' &&
          r['ratio vs raw'] < TARGET_RATIO,
      )
        ? 'Below target in this run.'
        : 'Met in this run.'),
  ],
};
