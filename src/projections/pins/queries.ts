import type { Knex } from 'knex';

/** A Status's `pinned` and `pleroma.pinned_at`: select-list SQL over the status `s.id` (gathered.ts). */
export const STATUS_PIN_COLUMNS = `
  (select p.pinned_at from pinned_statuses p where p.status_id = s.id) as pinned_at`;

/** The columns above, read back: the time as ISO 8601, null when not pinned. */
export const pinOf = (row: Record<string, unknown>) => {
  const at = row.pinned_at as string | null | undefined;
  return at ? { pinned: true, pinnedAt: new Date(at).toISOString() } : { pinned: false, pinnedAt: null };
};

/** Only pinned statuses, over `statuses as s` (an account's statuses with `pinned=true`). */
export const PINNED_ONLY = 'exists (select 1 from pinned_statuses p where p.status_id = s.id)';

/** How many statuses the account has pinned (deleted ones no longer count). */
export async function pinnedCount(db: Knex, accountId: string): Promise<number> {
  const [row] = await db('pinned_statuses').where({ account_id: accountId }).count<{ n: string }[]>('* as n');
  return Number(row?.n ?? 0);
}
