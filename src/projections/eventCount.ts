import type { Knex } from 'knex';
import type { EventStore } from '../eventstore/eventStore.js';

const PAGE = 1000;

export interface EventRange {
  /** Exclusive. */
  after: bigint;
  /** Inclusive: a count that chased concurrent appends would never settle. */
  upTo: bigint;
  eventTypes?: readonly string[];
}

/**
 * How many events of the log lie in a range. The PostgreSQL store keeps its log in the `events` table of
 * the same database as the projections (migration 001), so a count there is one indexed query; rows at or
 * below a head the store reported are all committed and visible (its positions are visible as a prefix).
 * Any other adapter is counted through the port, a page at a time.
 */
export async function countEvents(db: Knex, eventStore: EventStore, range: EventRange): Promise<number> {
  if (range.upTo <= range.after) return 0;
  if (range.eventTypes?.length === 0) return 0;
  if (eventStore.kind === 'postgres') {
    const query = db('events')
      .where('position', '>', range.after.toString())
      .andWhere('position', '<=', range.upTo.toString());
    if (range.eventTypes) query.whereIn('type', [...range.eventTypes]);
    const row = await query.count<{ count: string }>({ count: '*' }).first();
    return Number(row?.count ?? 0);
  }
  let count = 0;
  let position = range.after;
  for (;;) {
    const page = await eventStore.readAll({ after: position, maxCount: PAGE, eventTypes: range.eventTypes });
    for (const event of page) if (event.position <= range.upTo) count += 1;
    const last = page.at(-1);
    if (!last || page.length < PAGE || last.position >= range.upTo) return count;
    position = last.position;
  }
}
