import type OAuth2Server from '@node-oauth/oauth2-server';
import { findAccountForLogin } from '../../commands/accounts/passwords.js';
import type { CommandContext } from '../../commands/handleCommand.js';
import {
  hashSecret,
  issueAuthorizationCode,
  issueToken,
  newSecret,
  redeemAuthorizationCode,
  refreshToken,
  secretMatches,
} from '../../commands/oauth/index.js';
import type { TokenGrant } from '../../domain/oauth/events.js';
import { validateRequestedScopes } from '../../domain/oauth/scopes.js';
import { DomainError } from '../../domain/shared/errors.js';
import { findAccountById } from '../../projections/accounts/queries.js';
import {
  type AppRow,
  findActiveTokenByHash,
  findAppByClientId,
  findAuthorizationCodeByHash,
  findTokenByRefreshHash,
} from '../../projections/oauth/queries.js';
import type { AppDeps } from '../deps.js';
import { accountApId, accountStatus, mfaEnabled } from '../http/accountAuth.js';
import { accountStatusError } from './errors.js';
import { mfaRequiredError } from './mfaLogin.js';
import { fromLibraryRedirect, toLibraryRedirect } from './server.js';

type Model = OAuth2Server.AuthorizationCodeModel &
  OAuth2Server.PasswordModel &
  OAuth2Server.RefreshTokenModel &
  OAuth2Server.ClientCredentialsModel;

/** What the library carries between our model calls as its opaque "user". */
export interface OAuthUser {
  accountId: string | null;
  /** `me` in the token response. */
  apId?: string;
  /** Set by getRefreshToken: saveToken then rotates this token instead of issuing a new one. */
  refreshing?: { tokenId: string; presentedRefreshToken: string; scopes: string[] };
}

export interface OAuthClient extends OAuth2Server.Client {
  app: AppRow;
}

export const GRANT_TYPES = ['password', 'authorization_code', 'client_credentials', 'refresh_token'];

const toClient = (app: AppRow): OAuthClient => ({
  id: app.appId,
  grants: GRANT_TYPES,
  redirectUris: app.redirectUris.map(toLibraryRedirect),
  app,
});

/**
 * The @node-oauth/oauth2-server model over our event-sourced apps, tokens and codes, made per request: the
 * library validates the grant and calls these; every write is one of our commands, and the secrets it
 * generates through us are stored only as hashes.
 */
export function createOAuthModel(
  deps: AppDeps,
  context: CommandContext,
  params: Record<string, string>,
): Model & Required<Pick<Model, 'validateScope'>> {
  /** The library's user for an account that may still log in; false (an invalid grant) otherwise. */
  const userFor = async (accountId: string): Promise<OAuthUser | false> => {
    const account = await findAccountById(deps.db, accountId);
    if (!account || accountStatus(account, deps.config) !== 'active') return false;
    return { accountId, apId: accountApId(deps.config, account.nickname) };
  };

  return {
    async getClient(clientId, clientSecret) {
      const app = await findAppByClientId(deps.db, clientId);
      if (!app) return false;
      // The authorize endpoint asks with no secret; the token endpoint always passes one (client auth required).
      if (clientSecret != null && !secretMatches(clientSecret, app.clientSecretHash)) return false;
      return toClient(app);
    },

    async getUser(username, password, client) {
      const account = await findAccountForLogin(deps, username, password);
      if (!account) return false;
      const status = accountStatus(account, deps.config);
      if (status !== 'active') throw accountStatusError(status);
      // §3.7: no token past a right password alone; the mfa_token leads to POST /oauth/mfa/challenge.
      if (mfaEnabled(account)) {
        throw await mfaRequiredError(deps, account, (client as OAuthClient).app, params.scope, context.time);
      }
      return { accountId: account.id, apId: accountApId(deps.config, account.nickname) } satisfies OAuthUser;
    },

    async getUserFromClient() {
      return { accountId: null } satisfies OAuthUser;
    },

    /** Pleroma: the requested scopes (default: all the app's) must lie within the app's scopes. */
    async validateScope(_user, client, scope) {
      const appScopes = (client as OAuthClient).app.scopes;
      const result = validateRequestedScopes(scope ?? appScopes, appScopes);
      return result.ok ? result.scopes : false;
    },

    generateAccessToken: async () => newSecret(),
    generateRefreshToken: async () => newSecret(),
    generateAuthorizationCode: async () => newSecret(),

    async saveAuthorizationCode(code, client, user) {
      const { accountId } = user as OAuthUser;
      if (!accountId) return false;
      const redirectUri = fromLibraryRedirect(code.redirectUri);
      await issueAuthorizationCode(
        deps,
        {
          appId: client.id,
          accountId,
          scopes: code.scope ?? [],
          redirectUri,
          codeChallenge: code.codeChallenge ?? null,
          codeChallengeMethod: code.codeChallengeMethod ?? null,
          code: code.authorizationCode,
        },
        context,
      );
      return { ...code, redirectUri, client, user };
    },

    async getAuthorizationCode(code) {
      const row = await findAuthorizationCodeByHash(deps.db, hashSecret(code));
      const user = row && (await userFor(row.accountId));
      if (!row || !user) return false;
      return {
        authorizationCode: code,
        codeId: row.codeId,
        expiresAt: row.expiresAt,
        // Pleroma does not compare redirect_uri at the exchange; we do when the client sends one (RFC 6749).
        redirectUri: params.redirect_uri ? row.redirectUri : '',
        scope: row.scopes,
        client: { id: row.appId, grants: GRANT_TYPES },
        user,
        ...(row.codeChallenge ? { codeChallenge: row.codeChallenge } : {}),
        ...(row.codeChallengeMethod ? { codeChallengeMethod: row.codeChallengeMethod } : {}),
      };
    },

    /** Redeeming is the code's single-use check: a second exchange (even a racing one) is refused. */
    async revokeAuthorizationCode(code) {
      try {
        await redeemAuthorizationCode(deps, { codeId: code.codeId as string }, context);
        return true;
      } catch (error) {
        if (error instanceof DomainError && error.code === 'invalid_grant') return false;
        throw error;
      }
    },

    async getRefreshToken(presented) {
      const row = await findTokenByRefreshHash(deps.db, hashSecret(presented));
      if (!row) return false;
      const user = row.accountId === null ? { accountId: null } : await userFor(row.accountId);
      if (!user) return false;
      return {
        refreshToken: presented,
        refreshTokenExpiresAt: row.validUntil,
        scope: row.scopes,
        client: { id: row.appId, grants: GRANT_TYPES },
        user: {
          ...user,
          refreshing: { tokenId: row.tokenId, presentedRefreshToken: presented, scopes: row.scopes },
        },
      };
    },

    /**
     * The library revokes the old refresh token before saving the new one; our rotation (saveToken below)
     * retires the old secrets and installs the new ones in one event, so there is nothing to do here.
     */
    async revokeToken() {
      return true;
    },

    async saveToken(token, client, user) {
      const { accountId, apId, refreshing } = user as OAuthUser;
      const secrets = { accessToken: token.accessToken, refreshToken: token.refreshToken ?? newSecret() };
      const saved = refreshing
        ? {
            ...(await refreshToken(deps, { ...refreshing, secrets }, context)),
            scopes: refreshing.scopes,
            createdAt: context.time,
          }
        : await issueToken(deps, {
            accountId,
            appId: client.id,
            scopes: token.scope ?? [],
            context,
            grant: params.grant_type as TokenGrant,
            secrets,
          });
      return {
        accessToken: saved.accessToken,
        accessTokenExpiresAt: saved.validUntil,
        refreshToken: saved.refreshToken,
        scope: saved.scopes,
        client,
        user,
        // Extended attributes, rendered into the response as Pleroma's token view does.
        id: saved.tokenId,
        created_at: Math.floor(saved.createdAt.getTime() / 1000),
        ...(apId ? { me: apId } : {}),
      };
    },

    async getAccessToken(accessToken) {
      const row = await findActiveTokenByHash(deps.db, hashSecret(accessToken), deps.clock());
      if (!row) return false;
      return {
        accessToken,
        accessTokenExpiresAt: row.validUntil,
        scope: row.scopes,
        client: { id: row.appId, grants: GRANT_TYPES },
        user: { accountId: row.accountId } satisfies OAuthUser,
      };
    },
  };
}
