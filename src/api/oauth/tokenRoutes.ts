import OAuth2Server from '@node-oauth/oauth2-server';
import { Router } from 'express';
import { revokeToken, secretMatches } from '../../commands/oauth/index.js';
import { hashSecret } from '../../commands/oauth/secrets.js';
import { findActiveTokenByHash, findAppByClientId } from '../../projections/oauth/queries.js';
import type { AppDeps } from '../deps.js';
import { commandContext } from '../http/commandContext.js';
import { requestInput } from '../http/validate.js';
import { badRequest, tokenEndpointError } from './errors.js';
import { createOAuthModel, GRANT_TYPES } from './model.js';
import { clientCredentials, oauthParams, oauthRequest, oauthServer } from './server.js';

/** POST /oauth/token and POST /oauth/revoke. */
export function tokenRoutes(deps: AppDeps): Router {
  const router = Router();

  /** Pleroma's OAuthController.token_exchange: password, authorization_code, client_credentials, refresh_token. */
  router.post('/oauth/token', async (req, res) => {
    const params = oauthParams(requestInput(req));
    // Pleroma dispatches on grant_type before anything else; no known grant is a bad request.
    if (!GRANT_TYPES.includes(params.grant_type ?? '')) throw badRequest();
    const server = oauthServer(createOAuthModel(deps, commandContext(req, deps), params));
    const response = new OAuth2Server.Response();
    try {
      await server.token(oauthRequest(req, params), response);
    } catch (error) {
      throw tokenEndpointError(error);
    }
    res.set(response.headers ?? {}).json(response.body);
  });

  /**
   * Pleroma's token_revoke: the app revokes one of its own tokens. Per RFC 7009 an unknown token (or an app
   * that does not own it) is not an error: the answer is `{}` either way.
   */
  router.post('/oauth/revoke', async (req, res) => {
    const params = oauthParams(requestInput(req));
    if (!params.token) throw badRequest();
    const { clientId, clientSecret } = clientCredentials(req, params);
    const app = clientId ? await findAppByClientId(deps.db, clientId) : undefined;
    if (app && clientSecret && secretMatches(clientSecret, app.clientSecretHash)) {
      const token = await findActiveTokenByHash(deps.db, hashSecret(params.token), deps.clock());
      if (token && token.appId === app.appId) {
        await revokeToken(deps, { tokenId: token.tokenId }, commandContext(req, deps));
      }
    }
    res.json({});
  });

  return router;
}
