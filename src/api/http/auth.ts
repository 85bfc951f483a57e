import type { Request, RequestHandler } from 'express';
import { findAccountForLogin } from '../../commands/accounts/passwords.js';
import { hashSecret } from '../../commands/oauth/secrets.js';
import { checkScopes, type ScopeOperator } from '../../domain/oauth/scopes.js';
import { forbidden } from '../../domain/shared/errors.js';
import { findAccountById } from '../../projections/accounts/queries.js';
import { type TokenLookup, tokenLookupFor } from '../../projections/oauth/tokenCache.js';
import type { AppDeps } from '../deps.js';
import { ADMIN_PRIVILEGES } from '../views/account.js';
import { accountStatus, mfaEnabled } from './accountAuth.js';
import type { AuthContext } from './authContext.js';

/** The 403 texts of §0.2, exactly. */
export const INVALID_CREDENTIALS = 'Invalid credentials.';
export const MFA_BASIC_REFUSED = 'Two-factor authentication enabled, you must use a access token.';
export const AUTHENTICATION_REQUIRED = 'This resource requires authentication.';
/** The 403 texts of Pleroma's admin pipeline (UserIsStaffPlug, EnsurePrivilegedPlug). */
export const NOT_STAFF = 'User is not a staff member.';
export const NOT_PRIVILEGED = "User isn't privileged.";

type Credentials = { kind: 'bearer'; token: string } | { kind: 'basic'; username: string; password: string };

/** Pleroma's OAuthPlug accepts `Bearer`, case-insensitively and with an optional colon; then `access_token`. */
function readCredentials(req: Request): Credentials | undefined {
  const header = req.get('authorization');
  const bearer = header && /^Bearer:?\s+(.+)$/i.exec(header.trim());
  if (bearer) return { kind: 'bearer', token: bearer[1]!.trim() };
  const basic = header && /^Basic\s+(.+)$/i.exec(header.trim());
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0)
      return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    return undefined;
  }
  const param = (req.query as Record<string, unknown>).access_token ?? req.body?.access_token;
  return typeof param === 'string' && param !== '' ? { kind: 'bearer', token: param } : undefined;
}

async function resolve(
  deps: AppDeps,
  credentials: Credentials,
  lookupToken: TokenLookup,
): Promise<AuthContext | undefined> {
  if (credentials.kind === 'basic') {
    const account = await findAccountForLogin(deps, credentials.username, credentials.password);
    if (!account || accountStatus(account, deps.config) !== 'active') return undefined;
    // Basic is a password session: every scope, no token, no app (Pleroma skips the scope check for it).
    return {
      accountId: account.id,
      scopes: [],
      tokenId: null,
      appId: null,
      method: 'basic',
      mfaEnabled: mfaEnabled(account),
    };
  }
  // One indexed query on the token hash, joined with the token's account (kept in memory: tokenCache.ts).
  const found = await lookupToken(deps.db, hashSecret(credentials.token), deps.clock());
  if (!found) return undefined;
  const { token, account } = found;
  if (token.accountId !== null) {
    // §0.2: deactivated (or not yet approved/confirmed) users are treated as unauthenticated.
    if (!account || accountStatus(account, deps.config) !== 'active') return undefined;
  }
  return {
    accountId: token.accountId,
    scopes: token.scopes,
    tokenId: token.tokenId,
    appId: token.appId,
    method: 'bearer',
  };
}

/**
 * Resolves the request's credentials once, for every route: sets `req.auth` when they are valid and leaves it
 * unset otherwise (unknown, expired or revoked tokens, wrong passwords are "no credentials"; the endpoint's
 * pipeline decides whether that is a 403). `/oauth/*` is skipped: Basic there carries *client* credentials.
 */
export function authentication(deps: AppDeps, options: { instancePublic?: boolean } = {}): RequestHandler {
  const instancePublic = options.instancePublic ?? true;
  const lookupToken = tokenLookupFor(deps.projections);
  return async (req, res, next) => {
    res.locals.instancePublic = instancePublic;
    delete req.auth;
    if (req.path.startsWith('/oauth/')) return next();
    const credentials = readCredentials(req);
    if (credentials) req.auth = await resolve(deps, credentials, lookupToken);
    next();
  };
}

export interface ScopeRequirement {
  /** Any one suffices with `|` (Pleroma's default), all are needed with `&`. Omit for no scope check. */
  scopes?: readonly string[];
  op?: ScopeOperator;
}

/** The scope check (§0.3); Basic auth is a session and skips it, as in Pleroma. */
function scopeFailure(auth: AuthContext | undefined, requirement: ScopeRequirement): string | undefined {
  if (auth?.method === 'basic') return undefined;
  const result = checkScopes(auth?.scopes ?? null, requirement.scopes ?? [], requirement.op);
  return result.ok ? undefined : result.message;
}

/**
 * Pleroma's `authenticated_api` pipeline plus the action's scope check: a user-bound token (or Basic) is
 * required, else 403 "Invalid credentials."; app-only tokens do not count.
 */
export function authenticated(requirement: ScopeRequirement = {}): RequestHandler {
  return (req, _res, next) => {
    const auth = req.auth;
    if (!auth || auth.accountId === null) return next(forbidden(INVALID_CREDENTIALS));
    if (auth.method === 'basic' && auth.mfaEnabled) return next(forbidden(MFA_BASIC_REFUSED));
    const failure = scopeFailure(auth, requirement);
    next(failure ? forbidden(failure) : undefined);
  };
}

/**
 * Pleroma's `api` pipeline: a public instance serves anonymous requests. With `fallbackToAnonymous`, a token
 * lacking the scope is not an error: the request goes on as anonymous (Pleroma's proceed_unauthenticated).
 */
export function publicOrAuthenticated(
  requirement: ScopeRequirement & { fallbackToAnonymous?: boolean } = {},
): RequestHandler {
  return (req, res, next) => {
    if (res.locals.instancePublic === false && !req.auth?.accountId)
      return next(forbidden(AUTHENTICATION_REQUIRED));
    const failure = scopeFailure(req.auth, requirement);
    if (!failure) return next();
    if (requirement.fallbackToAnonymous) {
      delete req.auth;
      return next();
    }
    next(forbidden(failure));
  };
}

/** Pleroma's `pleroma_api` pipeline: credentials are ignored altogether. */
export const noAuth: RequestHandler = (req, _res, next) => {
  delete req.auth;
  next();
};

export type AdminPrivilege = (typeof ADMIN_PRIVILEGES)[number];

/**
 * Pleroma's `admin_api` pipeline and the action's checks, in its order: a user (403 "Invalid credentials."),
 * a staff member (admin or moderator, else "User is not a staff member."), holding `privilege` (admins hold
 * every one by default, moderators none of these, else "User isn't privileged."), then the token's scopes.
 */
export function admin(
  deps: Pick<AppDeps, 'db'>,
  requirement: ScopeRequirement & { privilege?: AdminPrivilege } = {},
): RequestHandler {
  const user = authenticated();
  return (req, res, next) =>
    user(req, res, (error?: unknown) => {
      if (error) return next(error);
      findAccountById(deps.db, req.auth!.accountId!).then((account) => {
        if (!account?.isAdmin && !account?.isModerator) return next(forbidden(NOT_STAFF));
        const privileges: readonly string[] = account.isAdmin ? ADMIN_PRIVILEGES : [];
        if (requirement.privilege && !privileges.includes(requirement.privilege)) {
          return next(forbidden(NOT_PRIVILEGED));
        }
        const failure = scopeFailure(req.auth, requirement);
        next(failure ? forbidden(failure) : undefined);
      }, next);
    });
}
