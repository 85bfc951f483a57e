import OAuth2Server from '@node-oauth/oauth2-server';
import { type Request, type Response, Router } from 'express';
import { findAccountForLogin } from '../../commands/accounts/passwords.js';
import { parseScopes } from '../../domain/oauth/scopes.js';
import { DomainError } from '../../domain/shared/errors.js';
import { findAppByClientId } from '../../projections/oauth/queries.js';
import type { AppDeps } from '../deps.js';
import { accountApId, accountStatus, mfaEnabled } from '../http/accountAuth.js';
import { commandContext } from '../http/commandContext.js';
import { requestInput } from '../http/validate.js';
import { accountStatusError } from './errors.js';
import { authorizePage, oobCodePage } from './html.js';
import { createOAuthModel, type OAuthUser } from './model.js';
import { OOB_REDIRECT, oauthParams, oauthRequest, oauthServer, toLibraryRedirect } from './server.js';

/** Pleroma's form posts `authorization[...]`; plain top-level parameters are accepted too. */
function authorizationParams(req: Request): Record<string, string> {
  const input = requestInput(req);
  const nested = input.authorization;
  const merged =
    nested && typeof nested === 'object' && !Array.isArray(nested) ? { ...input, ...nested } : input;
  return oauthParams(merged as Record<string, unknown>);
}

async function renderForm(
  deps: AppDeps,
  res: Response,
  params: Record<string, string>,
  status = 200,
  error?: string,
): Promise<void> {
  const app = params.client_id ? await findAppByClientId(deps.db, params.client_id) : undefined;
  const availableScopes = app?.scopes ?? [];
  res
    .status(status)
    .type('html')
    .send(
      authorizePage({
        instanceName: deps.config.INSTANCE_NAME,
        appName: app?.name ?? null,
        clientId: params.client_id ?? '',
        redirectUri: params.redirect_uri ?? app?.redirectUris[0] ?? '',
        responseType: params.response_type ?? 'code',
        state: params.state ?? '',
        scopes: parseScopes(params.scope, availableScopes),
        availableScopes,
        codeChallenge: params.code_challenge ?? '',
        codeChallengeMethod: params.code_challenge_method ?? '',
        error,
      }),
    );
}

/** The form's failures, with Pleroma's flash texts and statuses. */
function formError(error: unknown): { status: number; message: string } | undefined {
  if (error instanceof DomainError) return { status: error.status, message: error.message };
  if (error instanceof OAuth2Server.InvalidScopeError) {
    return { status: 401, message: 'This action is outside the authorized scopes' };
  }
  if (error instanceof OAuth2Server.OAuthError && !(error instanceof OAuth2Server.ServerError)) {
    return { status: 400, message: error.message };
  }
  return undefined;
}

/** GET and POST /oauth/authorize: the browser (authorization_code) flow. */
export function authorizeRoutes(deps: AppDeps): Router {
  const router = Router();

  /** Pleroma's OAuthController.authorize: the login form for the app named by client_id. */
  router.get('/oauth/authorize', async (req, res) => {
    await renderForm(deps, res, authorizationParams(req));
  });

  /**
   * Pleroma's create_authorization: checks the login, issues a code and redirects to redirect_uri with `code`
   * and `state` — or, out of band, shows the code. Failures show the form again with the reason.
   */
  router.post('/oauth/authorize', async (req, res) => {
    const params: Record<string, string> = { response_type: 'code', ...authorizationParams(req) };
    const login = {
      handle: async (): Promise<OAuthUser> => {
        const account = await findAccountForLogin(deps, params.username ?? '', params.password ?? '');
        if (!account) throw new DomainError('invalid_login', 'Invalid Username/Password', 401);
        const status = accountStatus(account, deps.config);
        if (status !== 'active') throw accountStatusError(status);
        // TODO(MFA §3.7): render the "Two-factor authentication" form instead; refuse until it exists.
        if (mfaEnabled(account))
          throw new DomainError('mfa_required', 'Two-factor authentication required', 403);
        return { accountId: account.id, apId: accountApId(deps.config, account.nickname) };
      },
    };
    const server = oauthServer(createOAuthModel(deps, commandContext(req, deps), params));
    const response = new OAuth2Server.Response();
    let code: OAuth2Server.AuthorizationCode;
    try {
      const libraryParams = params.redirect_uri
        ? { ...params, redirect_uri: toLibraryRedirect(params.redirect_uri) }
        : params;
      code = await server.authorize(oauthRequest(req, libraryParams), response, {
        authenticateHandler: login,
      });
    } catch (error) {
      const failure = formError(error);
      if (!failure) throw error;
      return renderForm(deps, res, params, failure.status, failure.message);
    }
    if (code.redirectUri === OOB_REDIRECT) {
      res.type('html').send(oobCodePage(deps.config.INSTANCE_NAME, code.authorizationCode));
      return;
    }
    res.redirect(302, response.headers?.location ?? code.redirectUri);
  });

  return router;
}
