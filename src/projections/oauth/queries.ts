import type { Knex } from 'knex';
import { preparedJsonValue } from '../../db/jsonBatch.js';
import { type AccountRecord, accountFromRow } from '../accounts/queries.js';

/** The only code that reads the oauth read model (practice 7). */

export interface AppRow {
  appId: string;
  clientId: string;
  clientSecretHash: string;
  name: string;
  website: string | null;
  redirectUris: string[];
  scopes: string[];
  createdAt: Date;
}

export interface TokenRow {
  tokenId: string;
  accountId: string | null;
  appId: string;
  scopes: string[];
  validUntil: Date;
  createdAt: Date;
}

export interface AuthorizationCodeRow {
  codeId: string;
  appId: string;
  accountId: string;
  scopes: string[];
  redirectUri: string;
  expiresAt: Date;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
}

export interface AccountTokenRow extends TokenRow {
  appName: string | null;
}

const appColumns = {
  appId: 'app_id',
  clientId: 'client_id',
  clientSecretHash: 'client_secret_hash',
  name: 'name',
  website: 'website',
  redirectUris: 'redirect_uris',
  scopes: 'scopes',
  createdAt: 'created_at',
};

const tokenColumns = {
  tokenId: 't.token_id',
  accountId: 't.account_id',
  appId: 't.app_id',
  scopes: 't.scopes',
  validUntil: 't.valid_until',
  createdAt: 't.created_at',
};

export async function findAppByClientId(db: Knex, clientId: string): Promise<AppRow | undefined> {
  return db('oauth_apps').select(appColumns).where({ client_id: clientId }).first();
}

export async function findAppById(db: Knex, appId: string): Promise<AppRow | undefined> {
  return db('oauth_apps').select(appColumns).where({ app_id: appId }).first();
}

/**
 * The per-request lookup: one indexed query on the token hash. Expired tokens do not authenticate.
 */
export async function findActiveTokenByHash(
  db: Knex,
  tokenHash: string,
  now: Date,
): Promise<TokenRow | undefined> {
  return db({ t: 'oauth_tokens' })
    .select(tokenColumns)
    .where('t.token_hash', tokenHash)
    .andWhere('t.valid_until', '>', now)
    .first();
}

export async function findTokenByRefreshHash(
  db: Knex,
  refreshTokenHash: string,
): Promise<TokenRow | undefined> {
  return db({ t: 'oauth_tokens' })
    .select(tokenColumns)
    .where('t.refresh_token_hash', refreshTokenHash)
    .first();
}

export async function findTokenById(db: Knex, tokenId: string): Promise<TokenRow | undefined> {
  return db({ t: 'oauth_tokens' }).select(tokenColumns).where('t.token_id', tokenId).first();
}

/** §11.1: every live token of an account with its app's name, newest first. */
export async function listAccountTokens(db: Knex, accountId: string): Promise<AccountTokenRow[]> {
  return db({ t: 'oauth_tokens' })
    .leftJoin({ a: 'oauth_apps' }, 'a.app_id', 't.app_id')
    .select({ ...tokenColumns, appName: 'a.name' })
    .where('t.account_id', accountId)
    .orderBy('t.created_at', 'desc')
    .orderBy('t.token_id', 'desc');
}

export async function findAuthorizationCodeByHash(
  db: Knex,
  codeHash: string,
): Promise<AuthorizationCodeRow | undefined> {
  return db('oauth_authorization_codes')
    .select({
      codeId: 'code_id',
      appId: 'app_id',
      accountId: 'account_id',
      scopes: 'scopes',
      redirectUri: 'redirect_uri',
      expiresAt: 'expires_at',
      codeChallenge: 'code_challenge',
      codeChallengeMethod: 'code_challenge_method',
    })
    .where({ code_hash: codeHash })
    .first();
}

/**
 * The per-request authentication lookup, in one round trip: the active token with that hash and, for a user
 * token, its account as the accounts read model holds it (its row as JSON, read by accounts/queries.ts).
 */
export async function findActiveTokenWithAccount(
  db: Knex,
  tokenHash: string,
  now: Date,
): Promise<{ token: TokenRow; account: AccountRecord | undefined } | undefined> {
  // One JSON value (the account's row in it): node parses it natively instead of ~50 columns in JavaScript.
  const row = await preparedJsonValue<Record<string, unknown>>(
    db,
    `select json_build_object('tokenId', t.token_id, 'accountId', t.account_id, 'appId', t.app_id,
       'scopes', t.scopes, 'validUntil', t.valid_until, 'createdAt', t.created_at, 'account', to_json(a))
     from oauth_tokens t left join accounts a on a.id = t.account_id
     where t.token_hash = $1 and t.valid_until > $2
     limit 1`,
    [tokenHash, now],
  );
  if (!row) return undefined;
  const token: TokenRow = {
    tokenId: row.tokenId as string,
    accountId: row.accountId as string | null,
    appId: row.appId as string,
    scopes: row.scopes as string[],
    validUntil: new Date(row.validUntil as string),
    createdAt: new Date(row.createdAt as string),
  };
  const account = row.account as Record<string, unknown> | null;
  return { token, account: account ? accountFromRow(account) : undefined };
}
