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
import { SecondFactorRequired, startBrowserSecondFactor } from './mfaLogin.js';
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

const OUTSIDE_SCOPES = 'This action is outside the authorized scopes';

/** The form's failures, with Pleroma's flash texts and statuses. */
function formError(error: unknown): { status: number; message: string } | undefined {
  if (error instanceof DomainError) return { status: error.status, message: error.message };
  if (error instanceof OAuth2Server.InvalidScopeError) {
    return { status: 401, message: OUTSIDE_SCOPES };
  }
  if (error instanceof OAuth2Server.OAuthError && !(error instanceof OAuth2Server.ServerError)) {
    return { status: 400, message: error.message };
  }
  return undefined;
}

/**
 * Runs the library's authorize with `authenticate` as its login step, then redirects with the code (or shows
 * it, out of band). Refusals show the login form again with the reason. Shared by the login form and by the
 * two-factor verify, which resumes the stored parameters with the user it has authenticated.
 */
export async function authorizeAndRedirect(
  deps: AppDeps,
  req: Request,
  res: Response,
  params: Record<string, string>,
  authenticate: () => Promise<OAuthUser>,
): Promise<void> {
  const server = oauthServer(createOAuthModel(deps, commandContext(req, deps), params));
  const response = new OAuth2Server.Response();
  let code: OAuth2Server.AuthorizationCode;
  try {
    const libraryParams = params.redirect_uri
      ? { ...params, redirect_uri: toLibraryRedirect(params.redirect_uri) }
      : params;
    code = await server.authorize(oauthRequest(req, libraryParams), response, {
      authenticateHandler: { handle: authenticate },
    });
  } catch (error) {
    if (error instanceof SecondFactorRequired) {
      const app = await findAppByClientId(deps.db, params.client_id ?? '');
      if (app && (await startBrowserSecondFactor(deps, res, app, error.account, params))) return;
      return renderForm(deps, res, params, 401, OUTSIDE_SCOPES);
    }
    const failure = formError(error);
    if (!failure) throw error;
    return renderForm(deps, res, params, failure.status, failure.message);
  }
  if (code.redirectUri === OOB_REDIRECT) {
    res.type('html').send(oobCodePage(deps.config.INSTANCE_NAME, code.authorizationCode));
    return;
  }
  res.redirect(302, response.headers?.location ?? code.redirectUri);
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
   * and `state` — or, out of band, shows the code. Failures show the form again with the reason; an account
   * with MFA gets the two-factor form instead (§3.7), which resumes through POST /oauth/mfa/verify.
   */
  router.post('/oauth/authorize', async (req, res) => {
    const params: Record<string, string> = { response_type: 'code', ...authorizationParams(req) };
    await authorizeAndRedirect(deps, req, res, params, async () => {
      const account = await findAccountForLogin(deps, params.username ?? '', params.password ?? '');
      if (!account) throw new DomainError('invalid_login', 'Invalid Username/Password', 401);
      const status = accountStatus(account, deps.config);
      if (status !== 'active') throw accountStatusError(status);
      if (mfaEnabled(account)) throw new SecondFactorRequired(account);
      return { accountId: account.id, apId: accountApId(deps.config, account.nickname) };
    });
  });

  return router;
}
