import type { DomainEvent } from '../shared/decider.js';

/**
 * OAuth facts. Secrets never appear here (practice 6): access tokens, refresh tokens, authorization codes
 * and client secrets are stored as SHA-256 hashes (hex). They are 256-bit random values, so a fast hash is
 * enough — there is nothing to brute-force — and a leaked log or read model grants nothing.
 */

/** A client application registered through POST /api/v1/apps. */
export type AppRegistered = DomainEvent<
  'AppRegistered',
  {
    appId: string;
    name: string;
    website: string | null;
    redirectUris: string[];
    scopes: string[];
    /** Public identifier, stored in the clear: clients send it, and it is looked up by value. */
    clientId: string;
    /**
     * SHA-256 of the client secret. Hashing (not encrypting) because the secret is only ever *verified*:
     * Pleroma shows it once, at registration, and no endpoint has to reveal it again.
     */
    clientSecretHash: string;
  }
>;

/** The user approved an app in the browser flow; the code is exchanged at POST /oauth/token. */
export type AuthorizationCodeIssued = DomainEvent<
  'AuthorizationCodeIssued',
  {
    codeId: string;
    codeHash: string;
    appId: string;
    accountId: string;
    scopes: string[];
    redirectUri: string;
    /** ISO 8601. */
    expiresAt: string;
    codeChallenge: string | null;
    codeChallengeMethod: string | null;
  }
>;

/** The code was exchanged for a token; it cannot be used again. */
export type AuthorizationCodeRedeemed = DomainEvent<'AuthorizationCodeRedeemed', { codeId: string }>;

/** How a token came to be: kept for the audit trail. */
export type TokenGrant = 'password' | 'authorization_code' | 'client_credentials' | 'registration';

export type TokenIssued = DomainEvent<
  'TokenIssued',
  {
    tokenId: string;
    /** null for an app-only (client_credentials) token. */
    accountId: string | null;
    appId: string;
    scopes: string[];
    tokenHash: string;
    refreshTokenHash: string;
    /** ISO 8601. */
    validUntil: string;
    grant: TokenGrant;
  }
>;

/**
 * A refresh_token grant rotated the token's secrets: the old access and refresh tokens stop working and the
 * new ones keep the token's id, app, account and scopes (Pleroma revokes the old token and issues a new one;
 * rotating in one stream does the same in one atomic append).
 */
export type TokenRefreshed = DomainEvent<
  'TokenRefreshed',
  { tokenId: string; tokenHash: string; refreshTokenHash: string; validUntil: string }
>;

export type TokenRevoked = DomainEvent<'TokenRevoked', { tokenId: string }>;

export type AppEvent = AppRegistered;
export type AuthorizationCodeEvent = AuthorizationCodeIssued | AuthorizationCodeRedeemed;
export type TokenEvent = TokenIssued | TokenRefreshed | TokenRevoked;
export type OAuthEvent = AppEvent | AuthorizationCodeEvent | TokenEvent;

export const oauthEventTypes = [
  'AppRegistered',
  'AuthorizationCodeIssued',
  'AuthorizationCodeRedeemed',
  'TokenIssued',
  'TokenRefreshed',
  'TokenRevoked',
] as const satisfies readonly OAuthEvent['type'][];

export const appStream = (appId: string) => `oauthApp-${appId}`;
export const authorizationCodeStream = (codeId: string) => `oauthCode-${codeId}`;
export const tokenStream = (tokenId: string) => `oauthToken-${tokenId}`;
