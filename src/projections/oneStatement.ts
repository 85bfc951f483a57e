import type { Knex } from 'knex';
import { statementName } from '../db/prepared.js';
import type { RecordedEvent } from '../eventstore/eventStore.js';
import { WRITES_ALONE } from '../eventstore/pgNotifier.js';
import { ProjectionApplyError } from './batch.js';
import { type ApplyCheckpoint, startApplyBindings, startApplySql, startOutcome } from './locks.js';
import { liveTables, type ProjectionTables, type Projector } from './projector.js';

/** SQL with `?` value placeholders (identifiers quoted in the text, no `??`) and its values in order. */
export interface SqlFragment {
  sql: string;
  bindings: readonly Knex.Value[];
}

/**
 * What a projector offers to have one event written in a single statement: the event's writes as
 * data-modifying CTEs (`name as (…), …`), each writing only when the one-row relation named `gate` has its
 * row. They run under one snapshot, so no CTE may rely on another's writes. They must leave exactly the rows
 * `apply` leaves (tests compare both).
 */
export interface OneStatementWrites {
  /** The event types writesOf takes; a batch holding any other is applied in a transaction. All when absent. */
  writesAlone?: ReadonlySet<string>;
  /**
   * The event's writes. Writes that depend on the read model may read it first, on `db` outside any
   * transaction: the statement writes only if the checkpoint is still where the runner left it, so nothing was
   * applied between the read and the writes. Undefined: this event is applied in a transaction after all.
   */
  writesOf(
    event: RecordedEvent,
    tables: ProjectionTables,
    gate: string,
    db: Knex,
  ): SqlFragment | undefined | Promise<SqlFragment | undefined>;
}

/** `in-transaction`: the projector asked for this event to be applied in a transaction (nothing was written). */
export type Outcome = 'applied' | 'moved' | 'lock-busy' | 'in-transaction';

/** Whether the projector writes each of these events in a statement of its own (applyInOneStatement). */
export function writesEachAlone(
  projector: Projector,
  events: readonly RecordedEvent[],
): projector is Projector & OneStatementWrites {
  if (typeof (projector as Partial<OneStatementWrites>).writesOf !== 'function') return false;
  const alone = (projector as Partial<OneStatementWrites>).writesAlone;
  return alone === undefined || events.every((event) => alone.has(event.type));
}

/** The CTE the writes are gated on: it has a row only once the lock is held and the checkpoint moved. */
const GATE = 'moved';

function writesOf(db: Knex, projector: Projector, event: RecordedEvent) {
  if (!writesEachAlone(projector, [event]))
    throw new Error(`${projector.name} has no one-statement writes for ${event.type}`);
  return projector.writesOf(event, liveTables, GATE, db);
}

/**
 * A runner's batch of at most one event as one statement outside any transaction: the apply lock, the
 * checkpoint's compare-and-set and the event's writes (gated on both) commit together, as startApply and
 * apply do in a transaction, in one round trip instead of four (BEGIN, start, write, COMMIT). It also holds
 * its transaction id, and so the events appended meanwhile back from readers, for one statement only.
 * Without an event, any projector's checkpoint moves this way.
 */
export async function applyInOneStatement(
  db: Knex,
  projector: Projector,
  checkpoint: ApplyCheckpoint,
  event?: RecordedEvent,
): Promise<Outcome> {
  try {
    const writes = event && (await writesOf(db, projector, event));
    if (event && !writes) return 'in-transaction';
    const sql = startApplySql(writes?.sql);
    const bindings = [...startApplyBindings(checkpoint), ...(writes?.bindings ?? [])];
    const { rows } = await db
      .raw<{ rows: { locked: boolean; advanced: boolean }[] }>(sql, bindings)
      // Prepared: the text is the same for every event of a type. The event store learns that this write
      // transaction ended (see watchTransactionEnds).
      .options({ name: statementName(sql), [WRITES_ALONE]: true });
    const outcome = startOutcome(rows[0]!);
    return outcome === 'locked' ? 'applied' : outcome;
  } catch (error) {
    throw event ? new ProjectionApplyError(projector.name, event, error) : error;
  }
}
