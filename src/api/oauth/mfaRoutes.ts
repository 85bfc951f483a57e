import { type Request, type Response, Router } from 'express';
import { type MfaTokenRow, passMfaChallenge, ThrottledError } from '../../commands/mfa/index.js';
import { issueToken, secretMatches } from '../../commands/oauth/index.js';
import { invalidCode } from '../../domain/mfa/index.js';
import { DomainError } from '../../domain/shared/errors.js';
import { findAccountById } from '../../projections/accounts/queries.js';
import { findAppByClientId } from '../../projections/oauth/queries.js';
import { renderIssuedToken } from '../accounts/present.js';
import type { AppDeps } from '../deps.js';
import { accountApId, accountStatus } from '../http/accountAuth.js';
import { commandContext } from '../http/commandContext.js';
import { requestInput } from '../http/validate.js';
import { authorizeAndRedirect } from './authorizeRoutes.js';
import { type MfaForm, mfaPage } from './mfaHtml.js';
import { clientCredentials, oauthParams } from './server.js';

const VERIFY_FAILED = 'Two-factor authentication failed.';
const VERIFY_THROTTLED = 'Too many failed attempts. Try again in a few minutes.';

/** String parameters only, from the top level or (Pleroma's form) nested under `mfa[...]`. */
function mfaParams(req: Request): Record<string, string> {
  const input = requestInput(req);
  const nested = input.mfa && typeof input.mfa === 'object' && !Array.isArray(input.mfa) ? input.mfa : {};
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...input, ...nested })) {
    if (typeof value === 'string' || typeof value === 'number') params[key] = String(value);
  }
  return params;
}

function formOf(deps: AppDeps, params: Record<string, string>): MfaForm {
  return {
    instanceName: deps.config.INSTANCE_NAME,
    challengeType: params.challenge_type === 'recovery' ? 'recovery' : 'totp',
    mfaToken: params.mfa_token ?? '',
    redirectUri: params.redirect_uri ?? '',
    state: params.state ?? '',
  };
}

/** The grant's account, if it may still log in; a deactivated account fails like a wrong code. */
async function activeUser(deps: AppDeps, grant: MfaTokenRow) {
  const account = await findAccountById(deps.db, grant.accountId);
  if (!account || accountStatus(account, deps.config) !== 'active') throw invalidCode('account_inactive');
  return { accountId: account.id, apId: accountApId(deps.config, account.nickname) };
}

function sendThrottled(res: Response, error: unknown): void {
  if (error instanceof ThrottledError) res.set('Retry-After', String(error.retryAfterSeconds));
}

/** §3.7: the second step of an MFA login, for API clients (challenge) and the browser flow (mfa, verify). */
export function mfaLoginRoutes(deps: AppDeps): Router {
  const router = Router();

  /** Pleroma's MFAController.challenge: mfa_token and a code for a token; every refusal is "Invalid code". */
  router.post('/oauth/mfa/challenge', async (req, res) => {
    const params = oauthParams(requestInput(req));
    const context = commandContext(req, deps);
    const { clientId, clientSecret } = clientCredentials(req, params);
    const app = clientId ? await findAppByClientId(deps.db, clientId) : undefined;
    const appId = app && clientSecret && secretMatches(clientSecret, app.clientSecretHash) ? app.appId : null;
    const input = {
      mfaToken: params.mfa_token ?? '',
      challengeType: params.challenge_type ?? '',
      code: params.code ?? '',
      address: req.ip ?? '',
      accepts: (grant: MfaTokenRow) => grant.appId === appId,
      spends: true,
    };
    const grant = await passMfaChallenge(deps, input, context).catch((error) => {
      sendThrottled(res, error);
      throw error;
    });
    const user = await activeUser(deps, grant);
    const { accountId, appId: tokenAppId, scopes } = grant;
    const token = await issueToken(deps, {
      accountId,
      appId: tokenAppId,
      scopes,
      context,
      grant: 'password',
    });
    res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' }).json(renderIssuedToken(token, user.apId));
  });

  /** Pleroma's MFAController.show: the code form (`challenge_type=recovery` for a recovery code). */
  router.get('/oauth/mfa', (req, res) => {
    const params = mfaParams(req);
    if (!params.mfa_token) throw new DomainError('bad_request', 'Missing field: mfa_token.', 400);
    res.type('html').send(mfaPage(formOf(deps, params)));
  });

  /**
   * Pleroma's MFAController.verify: with a right code, the authorization resumes with the parameters stored at
   * login (not the form's copies) and redirects with a code; otherwise 401 and the form again.
   */
  router.post('/oauth/mfa/verify', async (req, res) => {
    const params = mfaParams(req);
    const form = formOf(deps, params);
    const input = {
      mfaToken: form.mfaToken,
      challengeType: params.challenge_type ?? 'totp',
      code: params.code ?? '',
      address: req.ip ?? '',
      accepts: (grant: MfaTokenRow) => grant.authorization !== null,
      spends: false,
    };
    let authorization: Record<string, string>;
    let user: Awaited<ReturnType<typeof activeUser>>;
    try {
      const grant = await passMfaChallenge(deps, input, commandContext(req, deps));
      user = await activeUser(deps, grant);
      authorization = grant.authorization!;
    } catch (error) {
      if (!(error instanceof DomainError) || ![400, 429].includes(error.status)) throw error;
      sendThrottled(res, error);
      const status = error.status === 429 ? 429 : 401;
      const message = status === 429 ? VERIFY_THROTTLED : VERIFY_FAILED;
      res
        .status(status)
        .type('html')
        .send(mfaPage({ ...form, error: message }));
      return;
    }
    await authorizeAndRedirect(deps, req, res, authorization, async () => user);
  });

  return router;
}
