import type { Knex } from 'knex';

/**
 * Appends to several streams in one round trip and one transaction (EventStore.appendToStreams): what a move
 * of thousands of followers needs so as not to pay a commit per follower.
 *
 * Positions stay `xid << 20 | index` (see 001_event_store.ts), the index running over the whole call in
 * request order, so they are unique (one call per transaction) and ordered as the requests are. Stream rows
 * are locked in stream-name order whatever the request order, so two concurrent calls cannot deadlock on each
 * other. A refused request raises AN409 as the single append does (DETAIL: its stream's actual revision or
 * 'no_stream'), with HINT the request's 1-based index; the whole call rolls back.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(APPEND_TO_STREAMS_FUNCTION);
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop function if exists annals_append_to_streams(jsonb)');
}

/** p_requests: [{ stream, expected, expected_revision, events: [{ id, type, data, metadata }] }]. */
const APPEND_TO_STREAMS_FUNCTION = `
create function annals_append_to_streams(p_requests jsonb)
returns table (request integer, next_revision integer, last_position bigint)
language plpgsql as $$
declare
  v_requests integer := jsonb_array_length(p_requests);
  v_counts integer[];
  v_offsets integer[];
  v_currents integer[];
  v_total integer := 0;
  v_current integer;
  v_base bigint := pg_current_xact_id()::text::bigint << 20;
  r record;
begin
  if v_requests = 0 then
    return;
  end if;
  v_counts := array_fill(0, array[v_requests]);
  v_offsets := array_fill(0, array[v_requests]);
  v_currents := array_fill(-1, array[v_requests]);
  for r in select x.ord::integer as ord, jsonb_array_length(x.value->'events') as count
           from jsonb_array_elements(p_requests) with ordinality as x(value, ord) order by x.ord loop
    v_counts[r.ord] := r.count;
    v_offsets[r.ord] := v_total;
    v_total := v_total + r.count;
  end loop;

  for r in select x.ord::integer as ord, x.value->>'stream' as stream, x.value->>'expected' as expected,
                  (x.value->>'expected_revision')::integer as expected_revision
           from jsonb_array_elements(p_requests) with ordinality as x(value, ord)
           order by x.value->>'stream', x.ord loop
    if v_counts[r.ord] = 0 then
      select s.revision into v_current from streams s where s.stream_name = r.stream;
      v_current := coalesce(v_current, -1);
    else
      loop
        update streams s set revision = s.revision + v_counts[r.ord] where s.stream_name = r.stream
          returning s.revision - v_counts[r.ord] into v_current;
        exit when found;
        insert into streams (stream_name, revision) values (r.stream, v_counts[r.ord] - 1)
          on conflict do nothing;
        v_current := -1;
        exit when found;
      end loop;
    end if;
    if (v_current < 0 and r.expected in ('stream_exists', 'revision'))
       or (v_current >= 0 and r.expected = 'no_stream')
       or (r.expected = 'revision' and r.expected_revision <> v_current) then
      raise exception using errcode = 'AN409', message = 'wrong expected version',
        detail = case when v_current < 0 then 'no_stream' else v_current::text end, hint = r.ord::text;
    end if;
    v_currents[r.ord] := v_current;
  end loop;

  if v_total > 0 then
    insert into events (position, event_id, stream, revision, type, data, metadata)
      select v_base + v_offsets[x.ord] + e.ord - 1, (e.value->>'id')::uuid, x.value->>'stream',
             v_currents[x.ord] + e.ord::integer, e.value->>'type', e.value->'data', e.value->'metadata'
      from jsonb_array_elements(p_requests) with ordinality as x(value, ord)
      cross join lateral jsonb_array_elements(x.value->'events') with ordinality as e(value, ord);
  end if;

  return query
    select x.ord::integer, v_currents[x.ord] + v_counts[x.ord],
           case when v_counts[x.ord] > 0 then v_base + v_offsets[x.ord] + v_counts[x.ord] - 1
                else coalesce((select ev.position from events ev where ev.stream = x.value->>'stream'
                               order by ev.revision desc limit 1), 0) end
    from jsonb_array_elements(p_requests) with ordinality as x(value, ord)
    order by x.ord;
end;
$$;
`;
