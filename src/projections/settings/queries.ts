import type { Knex } from 'knex';

/** The sealed objects of an account's settings store, by app; the caller opens them with the key ring. */
export async function findSealedSettings(db: Knex, accountId: string): Promise<Map<string, string>> {
  const rows: { app: string; value_encrypted: string }[] = await db('account_settings')
    .where({ account_id: accountId })
    .orderBy('app')
    .select('app', 'value_encrypted');
  return new Map(rows.map((row) => [row.app, row.value_encrypted]));
}

export async function findSealedAppSettings(
  db: Knex,
  accountId: string,
  app: string,
): Promise<string | undefined> {
  const row = await db('account_settings').where({ account_id: accountId, app }).first('value_encrypted');
  return row?.value_encrypted;
}
