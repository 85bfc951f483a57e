import type { Knex } from 'knex';

/**
 * Two small operational tables of the MFA login (§3.7), deliberately outside the event log:
 *
 * `mfa_tokens`: the 5-minute handle between a right password and the second factor. It is a transient
 * credential with no meaning once expired, so it is a row (SHA-256 of the token, never the token) deleted
 * when stale rather than an event kept for ever; the facts that matter — the code used, the token issued —
 * are events.
 *
 * `auth_failures`: failed challenges per key (account or client address) in a fixed window, counted with one
 * atomic upsert, so every process shares the count without another dependency.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('mfa_tokens', (table) => {
    table.text('token_hash').primary();
    table.text('account_id').notNullable();
    table.text('app_id').notNullable();
    table.specificType('scopes', 'text[]').notNullable();
    // The browser flow's authorize parameters (client, redirect_uri, state, PKCE), never the password.
    table.jsonb('authorization');
    table.timestamp('expires_at', { useTz: true }).notNullable().index();
    table.timestamp('created_at', { useTz: true }).notNullable();
  });
  await db.schema.createTable('auth_failures', (table) => {
    table.text('key').primary();
    table.integer('count').notNullable();
    table.timestamp('window_start', { useTz: true }).notNullable().index();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('auth_failures');
  await db.schema.dropTable('mfa_tokens');
}
