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
 * One append in one round trip (and one implicit transaction): lock the stream row by bumping its revision
 * (or create it), check the expected state, insert. A refusal raises SQLSTATE AN409 with the actual revision
 * (or 'no_stream') as DETAIL, which rolls the bump back. A retried append (its event ids already stored)
 * fails the same way, or on the (stream, event_id) key; only then does the store look the original up, so
 * the common path pays no lookup. No NOTIFY here: PostgreSQL serialises every notifying commit, fsync
 * included, on one lock, which halves concurrent append rates; the store announces after commit instead.
 */
const APPEND_FUNCTION = `
create function annals_append_to_stream(p_stream text, p_expected text, p_expected_revision integer, p_events jsonb)
returns table (next_revision integer, last_position bigint)
language plpgsql as $$
declare
  v_count integer := jsonb_array_length(p_events);
  v_current integer;
  v_base bigint;
begin
  if v_count = 0 then
    select s.revision into v_current from streams s where s.stream_name = p_stream;
    v_current := coalesce(v_current, -1);
  else
    loop
      update streams s set revision = s.revision + v_count where s.stream_name = p_stream
        returning s.revision - v_count into v_current;
      exit when found;
      insert into streams (stream_name, revision) values (p_stream, v_count - 1) on conflict do nothing;
      v_current := -1;
      exit when found;
      -- another append created the stream meanwhile: go round and queue on its row lock
    end loop;
  end if;

  if (v_current < 0 and p_expected in ('stream_exists', 'revision'))
     or (v_current >= 0 and p_expected = 'no_stream')
     or (p_expected = 'revision' and p_expected_revision <> v_current) then
    raise exception using errcode = 'AN409', message = 'wrong expected version',
      detail = case when v_current < 0 then 'no_stream' else v_current::text end;
  end if;
  if v_count = 0 then
    return query select v_current, coalesce((select e.position from events e where e.stream = p_stream
                                             order by e.revision desc limit 1), 0);
    return;
  end if;

  v_base := pg_current_xact_id()::text::bigint << 20;
  insert into events (position, event_id, stream, revision, type, data, metadata)
    select v_base + x.ord - 1, (x.value->>'id')::uuid, p_stream, v_current + x.ord::integer,
           x.value->>'type', x.value->'data', x.value->'metadata'
    from jsonb_array_elements(p_events) with ordinality as x(value, ord);
  return query select v_current + v_count, v_base + v_count - 1;
end;
$$;
`;
