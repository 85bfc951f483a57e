import type { Response } from 'express';
import { issueMfaToken } from '../../commands/mfa/index.js';
import { parseScopes, validateRequestedScopes } from '../../domain/oauth/scopes.js';
import { DomainError } from '../../domain/shared/errors.js';
import type { AccountRecord } from '../../projections/accounts/queries.js';
import type { AppRow } from '../../projections/oauth/queries.js';
import type { AppDeps } from '../deps.js';
import { mfaPage } from './mfaHtml.js';

/** Pleroma's MFA.supported_methods: the confirmed methods, comma-joined (`""` after a new, unconfirmed setup). */
export const supportedChallengeTypes = (account: Pick<AccountRecord, 'mfaTotpConfirmed'>) =>
  account.mfaTotpConfirmed ? 'totp' : '';

/** What the login asks of the app (all its scopes by default), or undefined when it asks for more. */
function grantedScopes(app: AppRow, scope: string | undefined): string[] | undefined {
  const result = validateRequestedScopes(parseScopes(scope, app.scopes), app.scopes);
  return result.ok ? result.scopes : undefined;
}

/**
 * §3.7, the password grant of an MFA account: an mfa_token bound to the account, the app and the scopes
 * asked, and the 403 that carries it. Scopes the app lacks fail as the grant would without MFA.
 */
export async function mfaRequiredError(
  deps: Pick<AppDeps, 'db'>,
  account: AccountRecord,
  app: AppRow,
  scope: string | undefined,
  now: Date,
): Promise<DomainError> {
  const scopes = grantedScopes(app, scope);
  if (!scopes) return new DomainError('invalid_scope', 'Invalid credentials', 400);
  const grant = { accountId: account.id, appId: app.appId, scopes, authorization: null };
  const token = await issueMfaToken(deps.db, grant, now);
  return new DomainError('mfa_required', 'mfa_required', 403, {
    mfa_token: token,
    supported_challenge_types: supportedChallengeTypes(account),
  });
}

/** Thrown by the browser login's authenticate step: the password was right, a second factor is due. */
export class SecondFactorRequired extends Error {
  constructor(readonly account: AccountRecord) {
    super('Two-factor authentication required');
  }
}

/** The authorize parameters to resume with after the second factor: never the username or password. */
const RESUMED = [
  'client_id',
  'redirect_uri',
  'response_type',
  'state',
  'code_challenge',
  'code_challenge_method',
];

/**
 * §3.7 browser flow: the library has checked the client and redirect URI; this checks the scopes, stores an
 * mfa_token with the authorize parameters and shows the "Two-factor authentication" form. False when the
 * scopes are not the app's (the caller shows the login form's error).
 */
export async function startBrowserSecondFactor(
  deps: Pick<AppDeps, 'db' | 'config' | 'clock'>,
  res: Response,
  app: AppRow,
  account: AccountRecord,
  params: Record<string, string>,
): Promise<boolean> {
  const scopes = grantedScopes(app, params.scope);
  if (!scopes) return false;
  const authorization: Record<string, string> = { scope: scopes.join(' ') };
  for (const name of RESUMED) if (params[name] !== undefined) authorization[name] = params[name];
  const grant = { accountId: account.id, appId: app.appId, scopes, authorization };
  const mfaToken = await issueMfaToken(deps.db, grant, deps.clock());
  res.type('html').send(
    mfaPage({
      instanceName: deps.config.INSTANCE_NAME,
      challengeType: 'totp',
      mfaToken,
      redirectUri: params.redirect_uri ?? '',
      state: params.state ?? '',
    }),
  );
  return true;
}
