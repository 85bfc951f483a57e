import type { Knex } from 'knex';

/** Nicknames of an account's aliases, in the order they were added; aliases with no known user are left out. */
export async function findAliasNicknames(db: Knex, accountId: string): Promise<string[]> {
  const rows: { nickname: string }[] = await db('account_aliases as a')
    .join('alias_nicknames as n', 'n.account_id', 'a.alias_account_id')
    .where('a.account_id', accountId)
    .orderBy('a.added_at_position')
    .select('n.nickname');
  return rows.map((row) => row.nickname);
}
