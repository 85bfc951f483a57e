import type { Knex } from 'knex';
import pg from 'pg';
import type { RecordedEvent } from '../eventstore/eventStore.js';

/**
 * Where a projector writes. During a rebuild the same projector fills fresh tables (`<table>__rebuild`)
 * that are swapped in when done, so projectors never hard-code table names: they ask `table('aliases')`.
 */
export interface ProjectionTables {
  table(logicalName: string): string;
}

/** A table's name quoted into SQL text, for statements prepared by their text (no `??` bindings). */
export const quotedTable = (tables: ProjectionTables, logicalName: string) =>
  pg.escapeIdentifier(tables.table(logicalName));

/**
 * One projector per read model (practice 7). `apply` runs inside a transaction that also advances the
 * projector's checkpoint; applying the same event twice must leave the same rows.
 */
export interface Projector {
  readonly name: string;
  /** Bump when the tables or the way events map to rows change: the runner rebuilds on a version change. */
  readonly version: number;
  readonly handles: readonly string[];
  /** Logical names of the tables this projector owns (created by createTables, swapped on rebuild). */
  readonly tables: readonly string[];
  createTables(db: Knex, tables: ProjectionTables): Promise<void>;
  apply(trx: Knex.Transaction, event: RecordedEvent, tables: ProjectionTables): Promise<void>;
  /**
   * Optional: applies a batch (events in log order) at once, e.g. a run of thousands of follows as one
   * set-based statement. It must leave exactly the rows `apply` leaves applying them one by one (tests compare
   * both). When present, the runner and rebuilds hand it every batch instead of calling `apply`.
   */
  applyBatch?(
    trx: Knex.Transaction,
    events: readonly RecordedEvent[],
    tables: ProjectionTables,
  ): Promise<void>;
}

/** The live tables: logical name = physical name. */
export const liveTables: ProjectionTables = { table: (logicalName) => logicalName };
