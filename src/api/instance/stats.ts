import type { Knex } from 'knex';
import { countActiveAccounts } from '../../projections/accounts/queries.js';

/** The counts /api/v1/instance and nodeinfo show, gathered before rendering (views make no queries). */
export interface InstanceStats {
  userCount: number;
  statusCount: number;
  /** Known remote domains; Annals does not federate, so 0. */
  domainCount: number;
  /** Local users active in the last 30 days (Pleroma's `mau`) and 180 days. */
  activeMonth: number;
  activeHalfyear: number;
}

/** PostgreSQL's undefined_table: a read model whose tables are not there (yet). */
const isMissingTable = (error: unknown) => (error as { code?: string } | undefined)?.code === '42P01';

/** A count that is 0 rather than an error while its read model does not exist. */
const orZero = (count: Promise<number>) =>
  count.catch((error: unknown) => {
    if (isMissingTable(error)) return 0;
    throw error;
  });

export async function gatherInstanceStats(db: Knex): Promise<InstanceStats> {
  const userCount = await orZero(countActiveAccounts(db));
  // TODO(activity): no read model records when users were last active, so mau/activeMonth/activeHalfyear
  // report 0; statuses are not implemented yet, so statusCount is 0 too.
  return { userCount, statusCount: 0, domainCount: 0, activeMonth: 0, activeHalfyear: 0 };
}
