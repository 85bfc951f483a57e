import type { Knex } from 'knex';
import { preparedJsonValue } from '../db/jsonBatch.js';
import { numbered } from '../db/prepared.js';
import type { RecordedEvent } from './eventStore.js';
import type { Page } from './pollingSubscription.js';

/**
 * The PostgreSQL store's reads of events. Every read answers one JSON value: node-postgres would otherwise
 * parse each row in JavaScript, two jsonb columns apiece, and a command reads its whole stream before every
 * decision, so that per-row cost grows with the stream; one native JSON.parse costs a fraction of it. And as
 * JSON values, the reads issued in the same tick as other JSON reads on the database (a use case reading its
 * stream beside the read models it checks, other requests' reads) share their round trip (db/jsonBatch.ts).
 */

/** Positions below this are settled: every transaction that could still write one has ended. */
export const HORIZON = '(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20)';

/** An event of the rows `e` as JSON keyed as RecordedEvent is; the position as text (a JSON number rounds). */
const EVENT_JSON = `json_build_object('position', e.position::text, 'id', e.event_id, 'stream', e.stream,
  'revision', e.revision, 'type', e.type, 'data', e.data, 'metadata', e.metadata)`;

/** The events `e` of `rows` (a subquery) as one JSON array in `order`. */
const eventsJson = (rows: string, order: string) =>
  `(select coalesce(json_agg(${EVENT_JSON} order by ${order}), '[]') from (${rows}) e)`;

const readStreamSql = (forwards: boolean) => {
  const order = `revision ${forwards ? 'asc' : 'desc'}`;
  const rows = `select * from events where stream = $1 and revision ${forwards ? '>=' : '<='} $2
    order by ${order} limit $3`;
  return `select ${eventsJson(rows, `e.${order}`)}`;
};

/**
 * One page of the log (after, [types,] maxCount) and the horizon, in one statement so that both come from
 * the same snapshot. Held back: whether an event at or past the horizon exists, asked as max(position), which
 * reads the position index backwards whatever the table held when the statement was planned (an exists()
 * planned on an empty table kept scanning the whole table once it had grown).
 */
const pageSql = (typeFilter: boolean) =>
  `with h as (
     select b.bound, coalesce((select max(position) from events) >= b.bound, false) as held_back
     from (select ${HORIZON} as bound) b
   )
   select json_build_object('horizon', h.bound::text, 'heldBack', h.held_back, 'events', ${eventsJson(
     `select * from events where position > ? and position < h.bound
      ${typeFilter ? 'and type = any(?::text[])' : ''} order by position limit ?`,
     'e.position',
   )}) as page from h`;

/**
 * Every request's reads (its stream, the subscription's page) run prepared: parsing and planning them again
 * each time would cost PostgreSQL more than running them. A page of chosen types is left to a custom plan
 * (rare once runners take their events from the subscription).
 */
const PAGE = numbered(pageSql(false));
const READ_FORWARDS = readStreamSql(true);
const READ_BACKWARDS = readStreamSql(false);

type EventJson = Omit<RecordedEvent, 'position'> & { position: string };

const toRecorded = (event: EventJson): RecordedEvent => ({ ...event, position: BigInt(event.position) });

export async function readStreamEvents(
  db: Knex,
  stream: string,
  forwards: boolean,
  fromRevision: number,
  maxCount: number | null,
): Promise<RecordedEvent[]> {
  const sql = forwards ? READ_FORWARDS : READ_BACKWARDS;
  const events = await preparedJsonValue<EventJson[]>(db, sql, [stream, fromRevision, maxCount]);
  return events!.map(toRecorded);
}

export async function readPage(
  db: Knex,
  after: bigint,
  maxCount: number | null,
  eventTypes?: readonly string[],
): Promise<Page> {
  type PageJson = { horizon: string; heldBack: boolean; events: EventJson[] };
  const page = eventTypes
    ? (
        await db.raw<{ rows: { page: PageJson }[] }>(pageSql(true), [
          after.toString(),
          [...eventTypes],
          maxCount,
        ])
      ).rows[0]!.page
    : (await preparedJsonValue<PageJson>(db, PAGE, [after.toString(), maxCount]))!;
  return { events: page.events.map(toRecorded), horizon: BigInt(page.horizon), heldBack: page.heldBack };
}
