import type { Knex } from 'knex';

/**
 * The PostgreSQL event log.
 *
 * Why `position` is derived from the transaction id instead of drawn from a sequence: readers must never
 * hand out a position and later see a smaller one commit (a subscriber checkpointed past it would skip it).
 * Readers only return rows whose transaction is older than every running one (`transaction_id <
 * pg_snapshot_xmin(pg_current_snapshot())`), but that alone does not fix a bigserial: transaction A can take
 * xid 100 and sequence value 12 while B took xid 101 and value 11; A commits, B is still running, A's event
 * (xid 100 < xmin 101) is read and checkpointed at 12, then B commits 11 — skipped forever. Ordering by
 * (xid, index in the append) instead makes "visible under the xmin rule" a prefix of the order, so a
 * reader's position only ever grows. We pack it into one bigint: `xid << 20 | index` (xid8 never wraps;
 * 2^43 transactions and 2^20 events per append fit). One append per transaction (the store's function is
 * its own transaction), so the pair is unique.
 *
 * Restoring a dump into a *different* cluster resets transaction ids below the stored ones: such a restore
 * must start the new cluster past the old xid (pg_resetwal -x), as pg_upgrade does by itself.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`
    create table streams (
      stream_name text primary key,
      -- revision of the stream's last event; a row exists only once the stream has events
      revision integer not null
    );

    create table events (
      position bigint primary key, -- (transaction_id << 20) + index in its append; the readAll order
      transaction_id xid8 not null default pg_current_xact_id(),
      event_id uuid not null,
      stream text not null,
      revision integer not null,
      type text not null,
      data jsonb not null,
      metadata jsonb not null,
      created_at timestamptz not null default now(),
      constraint events_stream_revision_key unique (stream, revision),
      constraint events_stream_event_id_key unique (stream, event_id)
    );
  `);
  await db.raw(APPEND_FUNCTION);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`
    drop function if exists annals_append_to_stream(text, text, integer, jsonb);
    drop table if exists events;
    drop table if exists streams;
  `);
}

/**
 * One append in one round trip (and one implicit transaction): lock or create the stream row, recognise a
 * retried append by its event ids, check the expected state, insert, bump the revision. No NOTIFY here:
 * PostgreSQL serialises every notifying commit, fsync included, on one lock, which halves concurrent append
 * rates; the store announces after commit instead (see eventstore/pgNotifier.ts).
 * A conflict raises SQLSTATE AN409 with the actual revision (or 'no_stream') as DETAIL, so nothing commits.
 */
const APPEND_FUNCTION = `
create function annals_append_to_stream(p_stream text, p_expected text, p_expected_revision integer, p_events jsonb)
returns table (next_revision integer, last_position bigint)
language plpgsql as $$
declare
  v_count integer := jsonb_array_length(p_events);
  v_ids uuid[] := array(select (x->>'id')::uuid from jsonb_array_elements(p_events) x);
  v_current integer;
  v_created boolean := false;
  v_matched integer;
  v_base bigint;
begin
  loop
    select s.revision into v_current from streams s where s.stream_name = p_stream for update;
    exit when found;
    if p_expected in ('stream_exists', 'revision') then
      raise exception using errcode = 'AN409', message = 'wrong expected version', detail = 'no_stream';
    end if;
    if v_count = 0 then
      return query select -1, 0::bigint;
      return;
    end if;
    insert into streams (stream_name, revision) values (p_stream, v_count - 1) on conflict do nothing;
    v_created := found;
    v_current := -1;
    exit when v_created;
    -- another append created the stream meanwhile: go round and queue on its row lock
  end loop;

  if not v_created then
    if v_count > 0 then
      select count(*)::integer, max(e.revision), max(e.position) into v_matched, next_revision, last_position
        from events e
        where e.stream = p_stream and e.event_id = any(v_ids); -- an index probe per id, whatever the stream's length
      if v_matched = v_count then
        return next; -- a retried append: the original result, nothing written
        return;
      end if;
    end if;
    if v_matched > 0 or p_expected = 'no_stream'
       or (p_expected = 'revision' and p_expected_revision <> v_current) then
      raise exception using errcode = 'AN409', message = 'wrong expected version', detail = v_current::text;
    end if;
    if v_count = 0 then
      return query select v_current, (select e.position from events e where e.stream = p_stream
                                      order by e.revision desc limit 1);
      return;
    end if;
  end if;

  v_base := pg_current_xact_id()::text::bigint << 20;
  insert into events (position, event_id, stream, revision, type, data, metadata)
    select v_base + x.ord - 1, (x.value->>'id')::uuid, p_stream, v_current + x.ord::integer,
           x.value->>'type', x.value->'data', x.value->'metadata'
    from jsonb_array_elements(p_events) with ordinality as x(value, ord);
  if not v_created then
    update streams set revision = v_current + v_count where stream_name = p_stream;
  end if;
  return query select v_current + v_count, v_base + v_count - 1;
end;
$$;
`;
