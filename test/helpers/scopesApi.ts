import request from 'supertest';
import { expect, it } from 'vitest';
import { issueToken, registerApp } from '../../src/commands/oauth/index.js';
import { userWithToken } from './accounts.js';
import { createTestApp, type TestApp, useApp } from './app.js';
import { testContext } from './context.js';

const PARAMS: Record<string, string> = {
  version: '2.0',
  emoji: encodeURIComponent('👍'),
  method: 'nope',
  app: 'scopes_test',
  hashtag: 'tag',
  token: 'not-a-token',
};
const concretePath = (path: string) => path.replace(/[:*](\w+)/g, (_match, name) => PARAMS[name] ?? '1');

/** A scope from the other family: covers nothing the endpoint asks for. */
export const lacking = (scopes: string[]) =>
  scopes.some((scope) => scope.startsWith('read')) ? 'write' : 'read';
export const parentOf = (scope: string) => (scope.includes(':') ? scope.split(':')[0]! : undefined);

/** The refusals of the auth pipelines and the scope check (§0.2, §0.3), and nothing else. */
export function authRefusal(res: request.Response): string | undefined {
  const error: unknown = res.body?.error;
  if (res.status !== 403 || typeof error !== 'string') return undefined;
  const ours =
    error === 'Invalid credentials.' ||
    error === 'This resource requires authentication.' ||
    error.startsWith('Insufficient permissions');
  return ours ? error : undefined;
}

export interface ScopesApp {
  t: TestApp;
  /** A token of the test user's with exactly `scopes` (made once per set of scopes). */
  tokenWith(scopes: string[]): Promise<string>;
  /** A request to `path` (its parameters filled in), with `token` if any, and an empty body if it takes one. */
  call(method: string, path: string, token?: string): request.Test;
}

/**
 * The test file's set-up: before its tests, makes a test app with one user and hands it to `receive` with
 * the token and request makers of the scope tests; after them, closes it.
 */
export function useScopesApp(receive: (made: ScopesApp) => void): void {
  let t: TestApp;
  let accountId: string;
  const tokens = new Map<string, string>();

  async function tokenWith(scopes: string[]): Promise<string> {
    const key = scopes.join(' ');
    const known = tokens.get(key);
    if (known) return known;
    const context = testContext();
    const app = await registerApp(
      t.deps,
      { name: 'scopes', website: null, redirectUris: ['urn:ietf:wg:oauth:2.0:oob'], scopes },
      context,
    );
    const token = await issueToken(t.deps, { accountId, appId: app.appId, scopes, context });
    tokens.set(key, token.accessToken);
    return token.accessToken;
  }

  function call(method: string, path: string, token?: string) {
    const req = request(t.app)[method.toLowerCase() as 'get'](concretePath(path));
    if (token) req.set('Authorization', `Bearer ${token}`);
    return ['POST', 'PUT', 'PATCH'].includes(method) ? req.send({}) : req;
  }

  const cast = async (made: TestApp) => {
    t = made;
    accountId = (await userWithToken(t, 'scopes_user')).account.id;
    return { t, tokenWith, call };
  };
  useApp(createTestApp, cast, receive);
}

/**
 * What every route with scopes accepts, whoever else it serves: a token with the parent of one of its scopes,
 * and a token with exactly its first scope (`app` answers the file's ScopesApp, made before the tests run).
 */
export function acceptsScopedTokens(
  app: () => Pick<ScopesApp, 'call' | 'tokenWith'>,
  method: string,
  path: string,
  scopes: readonly string[],
): void {
  it.runIf(scopes.some((scope) => parentOf(scope)))('takes a token with the parent scope', async () => {
    const { call, tokenWith } = app();
    const res = await call(method, path, await tokenWith([parentOf(scopes.find(parentOf)!)!]));
    expect(authRefusal(res)).toBeUndefined();
    expect(res.status).not.toBe(500);
  });

  it.runIf(scopes.length > 0)('takes a token with exactly the scope', async () => {
    const { call, tokenWith } = app();
    const res = await call(method, path, await tokenWith([scopes[0]!]));
    expect(authRefusal(res)).toBeUndefined();
    expect(res.status).not.toBe(500);
  });
}
