import type { Knex } from 'knex';

/**
 * Per-account data keys for crypto-shredding (src/crypto/keyRing.ts), kept outside the event log. Each key
 * is wrapped with the master key; destroying it nulls `wrapped_key` and stamps `destroyed_at`, leaving a
 * tombstone so the key is never silently re-created for the same account.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('account_keys', (table) => {
    table.text('account_id').primary();
    table.text('wrapped_key');
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    table.timestamp('destroyed_at', { useTz: true });
  });
  await db.raw(
    'alter table account_keys add constraint account_keys_destroyed_check check ((wrapped_key is null) = (destroyed_at is not null))',
  );
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('account_keys');
}
