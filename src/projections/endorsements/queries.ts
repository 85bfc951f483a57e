import type { Knex } from 'knex';
import { notDeactivated } from '../accounts/queries.js';

/** The accounts `endorserId` endorses, in the order endorsed, deactivated ones left out (Pleroma's lists). */
export async function endorsedIds(db: Knex, endorserId: string): Promise<string[]> {
  const rows: { endorsed_id: string }[] = await db('endorsements')
    .where({ endorser_id: endorserId })
    .whereRaw(notDeactivated('endorsed_id'))
    .orderBy('endorsed_at_position')
    .select('endorsed_id');
  return rows.map((row) => row.endorsed_id);
}

/** Which of `targetIds` the viewer endorses (a Relationship's `endorsed`). */
export async function endorsedAmong(
  db: Knex,
  viewerId: string,
  targetIds: readonly string[],
): Promise<Set<string>> {
  if (targetIds.length === 0) return new Set();
  const rows: { endorsed_id: string }[] = await db('endorsements')
    .where({ endorser_id: viewerId })
    .whereIn('endorsed_id', [...targetIds])
    .select('endorsed_id');
  return new Set(rows.map((row) => row.endorsed_id));
}
