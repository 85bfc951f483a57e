import type { Knex } from 'knex';
import { hashSecret, newSecret } from '../oauth/secrets.js';

/** §3.7: an mfa_token lives five minutes. */
export const MFA_TOKEN_LIFETIME_SECONDS = 300;

/** What a right password granted, waiting for the second factor. */
export interface MfaTokenGrant {
  accountId: string;
  appId: string;
  scopes: string[];
  /** The browser flow's authorize parameters to resume with; null for the password grant. */
  authorization: Record<string, string> | null;
}

export interface MfaTokenRow extends MfaTokenGrant {
  expiresAt: Date;
}

const table = (db: Knex) => db('mfa_tokens');

/**
 * Stores the SHA-256 of a new token (a 256-bit secret needs no slow hash) and returns the token. Expired rows
 * are deleted on the way: Pleroma purges them with a scheduled job, this needs none.
 */
export async function issueMfaToken(db: Knex, grant: MfaTokenGrant, now: Date): Promise<string> {
  const token = newSecret();
  await table(db).where('expires_at', '<=', now).delete();
  await table(db).insert({
    token_hash: hashSecret(token),
    account_id: grant.accountId,
    app_id: grant.appId,
    scopes: grant.scopes,
    authorization: grant.authorization === null ? null : JSON.stringify(grant.authorization),
    expires_at: new Date(now.getTime() + MFA_TOKEN_LIFETIME_SECONDS * 1000),
    created_at: now,
  });
  return token;
}

/** The unexpired grant behind a token not yet exchanged (consumeMfaToken). */
export async function findMfaToken(db: Knex, token: string, now: Date): Promise<MfaTokenRow | undefined> {
  if (token === '') return undefined;
  const row = await table(db)
    .where({ token_hash: hashSecret(token) })
    .andWhere('expires_at', '>', now)
    .first();
  if (!row) return undefined;
  return {
    accountId: row.account_id,
    appId: row.app_id,
    scopes: row.scopes,
    authorization: row.authorization,
    expiresAt: row.expires_at,
  };
}

/** Spends a token on a passed challenge, answering whether this call spent it: of two concurrent ones, one. */
export async function consumeMfaToken(db: Knex, token: string): Promise<boolean> {
  const deleted = await table(db)
    .where({ token_hash: hashSecret(token) })
    .delete();
  return deleted > 0;
}

/** A deleted account's waiting second-factor grants go with it (§1.7). */
export async function deleteAccountMfaTokens(db: Knex, accountId: string): Promise<void> {
  await table(db).where({ account_id: accountId }).delete();
}
