import type { Knex } from 'knex';
import { preparedJsonRows } from '../db/jsonBatch.js';

type Row = Record<string, unknown>;

/**
 * A page of a read model as SQL rather than run: read alone (readPage), or as the first part of one statement
 * that also reads what rendering the page gathers (api/statuses/gathered.ts), which then takes its ids from the
 * page in SQL. A page and its render then cost one round trip instead of two.
 */
export interface PageRead<R> {
  /** A select of the page's rows, with `$n` placeholders for `values`. */
  sql: string;
  values: readonly unknown[];
  /** The rows' order, as SQL over the rows `x` (json_agg does not keep the select's order). */
  order: string;
  /**
   * A select over the page's rows (`page`) of their statuses' gather columns (STATUS_GATHER_COLUMNS of
   * statuses/queries.ts): whose authors, replied-to statuses, extras and media a render reads.
   */
  statuses: string;
  /** A select over `page` of more account ids (one text column) rendered with the page, if any. */
  accounts?: string;
  /** The page's records from its rows, in the order the API answers them. */
  records(rows: readonly Row[]): R[];
}

/** A page read alone. */
export async function readPage<R>(db: Knex, read: PageRead<R>): Promise<R[]> {
  return read.records(await preparedJsonRows<Row>(db, read.sql, read.values, read.order));
}
