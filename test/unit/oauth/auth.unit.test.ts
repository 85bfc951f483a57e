import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { accountStatus } from '../../../src/api/http/accountAuth.js';
import { authenticated, noAuth, publicOrAuthenticated } from '../../../src/api/http/auth.js';
import type { AuthContext } from '../../../src/api/http/authContext.js';

const userToken = (scopes: string[]): AuthContext => ({
  accountId: 'u1',
  scopes,
  tokenId: 't1',
  appId: 'a1',
  method: 'bearer',
});
const appToken: AuthContext = {
  accountId: null,
  scopes: ['read', 'write'],
  tokenId: 't2',
  appId: 'a1',
  method: 'bearer',
};
const basicAuth = (mfaEnabled = false): AuthContext => ({
  accountId: 'u1',
  scopes: [],
  tokenId: null,
  appId: null,
  method: 'basic',
  mfaEnabled,
});

/** Runs one middleware: the error it passes on (as `{status, error}`), or 'next' and what req.auth became. */
function run(middleware: RequestHandler, auth: AuthContext | undefined, instancePublic = true) {
  const req = { auth } as Request;
  const res = { locals: { instancePublic } } as unknown as Response;
  let outcome: { status: number; error: string } | 'next' | undefined;
  const next: NextFunction = (error?: unknown) => {
    outcome = error
      ? { status: (error as { status: number }).status, error: (error as Error).message }
      : 'next';
  };
  middleware(req, res, next);
  return { outcome, auth: req.auth };
}

describe('authenticated (the authenticated_api pipeline)', () => {
  it.each([
    ['no credentials', undefined, [], { status: 403, error: 'Invalid credentials.' }],
    ['an app-only token', appToken, [], { status: 403, error: 'Invalid credentials.' }],
    ['a user token, no scope required', userToken(['read']), [], 'next'],
    ['a parent scope', userToken(['write']), ['write:accounts'], 'next'],
    [
      'a missing scope',
      userToken(['read']),
      ['write:accounts'],
      { status: 403, error: 'Insufficient permissions: write:accounts.' },
    ],
    [
      'none of alternative scopes',
      userToken(['read']),
      ['follow', 'write:follows'],
      { status: 403, error: 'Insufficient permissions: follow | write:follows.' },
    ],
    ['HTTP Basic, which grants every scope', basicAuth(), ['admin:write'], 'next'],
    [
      'HTTP Basic for an MFA user',
      basicAuth(true),
      [],
      { status: 403, error: 'Two-factor authentication enabled, you must use a access token.' },
    ],
  ] as const)('with %s', (_name, auth, scopes, expected) => {
    expect(run(authenticated({ scopes }), auth).outcome).toEqual(expected);
  });

  it('requires every scope with the & operator', () => {
    const middleware = authenticated({ scopes: ['read:accounts', 'write:accounts'], op: '&' });
    expect(run(middleware, userToken(['read'])).outcome).toEqual({
      status: 403,
      error: 'Insufficient permissions: write:accounts.',
    });
    expect(run(middleware, userToken(['read', 'write'])).outcome).toBe('next');
  });
});

describe('publicOrAuthenticated (the api pipeline)', () => {
  it('serves anonymous requests on a public instance', () => {
    expect(run(publicOrAuthenticated(), undefined).outcome).toBe('next');
  });

  it('refuses anonymous requests on a private instance', () => {
    expect(run(publicOrAuthenticated(), undefined, false).outcome).toEqual({
      status: 403,
      error: 'This resource requires authentication.',
    });
    expect(run(publicOrAuthenticated(), userToken([]), false).outcome).toBe('next');
  });

  it('fails a token lacking the scope, or no token, with the scope message', () => {
    const middleware = publicOrAuthenticated({ scopes: ['read:statuses'] });
    expect(run(middleware, userToken(['write'])).outcome).toEqual({
      status: 403,
      error: 'Insufficient permissions: read:statuses.',
    });
    expect(run(middleware, undefined).outcome).toEqual({
      status: 403,
      error: 'Insufficient permissions: read:statuses.',
    });
    expect(run(middleware, appToken).outcome).toBe('next');
  });

  it('proceeds as anonymous with fallbackToAnonymous when the scope is missing', () => {
    const middleware = publicOrAuthenticated({ scopes: ['read:statuses'], fallbackToAnonymous: true });
    expect(run(middleware, userToken(['write']))).toEqual({ outcome: 'next', auth: undefined });
    const kept = userToken(['read']);
    expect(run(middleware, kept)).toEqual({ outcome: 'next', auth: kept });
  });
});

describe('noAuth (the pleroma_api pipeline)', () => {
  it('ignores credentials', () => {
    expect(run(noAuth, userToken(['read']))).toEqual({ outcome: 'next', auth: undefined });
  });
});

describe('accountStatus', () => {
  const active = { isActive: true, isApproved: true, isConfirmed: true };
  it.each([
    [active, false, 'active'],
    [{ ...active, isActive: false }, false, 'deactivated'],
    [{ ...active, isApproved: false }, false, 'approval_pending'],
    [{ ...active, isConfirmed: false }, false, 'active'],
    [{ ...active, isConfirmed: false }, true, 'confirmation_pending'],
  ])('%j with activation required %s is %s', (account, required, expected) => {
    expect(accountStatus(account, { ACCOUNT_ACTIVATION_REQUIRED: required })).toBe(expected);
  });
});
