import type { Knex } from 'knex';
import * as appendToStreams from './005_append_to_streams.js';

/**
 * annals_append_to_streams (migration 005), same signature, results and errors, written set-based: a move's
 * call of a thousand requests ran a thousand UPDATEs and half as many INSERTs from a plpgsql loop, and read
 * the payload three times with jsonb operators. Now the streams are created or moved on by one
 * INSERT … ON CONFLICT DO UPDATE over the requests' streams in stream-name order (rows are locked in that order
 * whatever the request order, so two calls still cannot deadlock), and the payload is read with
 * jsonb_to_recordset.
 *
 * A stream's revision before the call is its revision after that statement less what the call adds to it
 * (a stream it creates comes out at count - 1, so -1 before: none). A request's current revision is that plus
 * the events of the same stream's earlier requests, as when the requests were applied one after another.
 * The refused request reported (AN409, DETAIL its current revision or 'no_stream', HINT its 1-based index) is
 * the first in stream-name order, as before; the whole call rolls back.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(SET_BASED_FUNCTION);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop function if exists annals_append_to_streams(jsonb)');
  await appendToStreams.up(db);
}

const SET_BASED_FUNCTION = `
create or replace function annals_append_to_streams(p_requests jsonb)
returns table (request integer, next_revision integer, last_position bigint)
language plpgsql as $$
declare
  v_base bigint := pg_current_xact_id()::text::bigint << 20;
  v_streams text[];
  v_counts integer[];
  v_currents integer[];
  v_offsets integer[];
  v_refused record;
begin
  select array_agg(x.stream order by x.ord), array_agg(jsonb_array_length(x.events) order by x.ord)
    into v_streams, v_counts
    from rows from (jsonb_to_recordset(p_requests) as (stream text, events jsonb)) with ordinality
      as x(stream, events, ord);
  if v_streams is null then
    return;
  end if;

  with totals as (
    select r.stream, sum(r.count)::integer as total
    from unnest(v_streams, v_counts) as r(stream, count) group by r.stream
  ), written as (
    insert into streams as s (stream_name, revision)
      select t.stream, t.total - 1 from totals t where t.total > 0 order by t.stream
    on conflict (stream_name) do update set revision = s.revision + excluded.revision + 1
    returning s.stream_name, s.revision
  ), befores as (
    select t.stream,
           case when t.total > 0 then w.revision - t.total
                else coalesce((select s.revision from streams s where s.stream_name = t.stream), -1) end
             as before
    from totals t left join written w on w.stream_name = t.stream
  ), requests as (
    select u.ord, u.stream,
           coalesce(sum(u.count) over (partition by u.stream order by u.ord
                                       rows between unbounded preceding and 1 preceding), 0) as prior,
           coalesce(sum(u.count) over (order by u.ord rows between unbounded preceding and 1 preceding), 0)
             as offset_
    from unnest(v_streams, v_counts) with ordinality as u(stream, count, ord)
  )
  select array_agg((b.before + r.prior)::integer order by r.ord), array_agg(r.offset_::integer order by r.ord)
    into v_currents, v_offsets
    from requests r join befores b on b.stream = r.stream;

  select x.ord::integer as ord, v_currents[x.ord] as current into v_refused
    from rows from (jsonb_to_recordset(p_requests)
      as (stream text, expected text, expected_revision integer)) with ordinality
      as x(stream, expected, expected_revision, ord)
    where (v_currents[x.ord] < 0 and x.expected in ('stream_exists', 'revision'))
       or (v_currents[x.ord] >= 0 and x.expected = 'no_stream')
       or (x.expected = 'revision' and x.expected_revision <> v_currents[x.ord])
    order by x.stream, x.ord limit 1;
  if found then
    raise exception using errcode = 'AN409', message = 'wrong expected version',
      detail = case when v_refused.current < 0 then 'no_stream' else v_refused.current::text end,
      hint = v_refused.ord::text;
  end if;

  insert into events (position, event_id, stream, revision, type, data, metadata)
    select v_base + v_offsets[x.ord] + e.ord - 1, e.id, x.stream, v_currents[x.ord] + e.ord::integer,
           e.type, e.data, e.metadata
    from rows from (jsonb_to_recordset(p_requests) as (stream text, events jsonb)) with ordinality
      as x(stream, events, ord)
    cross join lateral rows from (jsonb_to_recordset(x.events)
      as (id uuid, type text, data jsonb, metadata jsonb)) with ordinality as e(id, type, data, metadata, ord);

  return query
    select u.ord::integer, v_currents[u.ord] + u.count,
           case when u.count > 0 then v_base + v_offsets[u.ord] + u.count - 1
                else coalesce((select ev.position from events ev where ev.stream = u.stream
                               order by ev.revision desc limit 1), 0) end
    from unnest(v_streams, v_counts) with ordinality as u(stream, count, ord)
    order by u.ord;
end;
$$;
`;
