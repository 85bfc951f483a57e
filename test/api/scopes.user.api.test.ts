import { describe, expect, it } from 'vitest';
import { issueToken, registerApp } from '../../src/commands/oauth/index.js';
import { testContext } from '../helpers/context.js';
import { listRoutes } from '../helpers/routes.js';
import {
  acceptsScopedTokens,
  authRefusal,
  lacking,
  type ScopesApp,
  useScopesApp,
} from '../helpers/scopesApi.js';
import { ENDPOINTS, rows } from '../helpers/scopesTable.js';

let { t, tokenWith, call } = {} as ScopesApp;
useScopesApp((made) => ({ t, tokenWith, call } = made));

describe('the endpoint table', () => {
  it('names every route the app serves, and only those', () => {
    const served = listRoutes(t.app).map(({ method, path }) => `${method} ${path}`);
    const missing = served.filter((route) => !(route in ENDPOINTS));
    const stale = Object.keys(ENDPOINTS).filter((route) => !served.includes(route));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });
});

describe.each(rows.filter((row) => row.requirement.auth === 'user'))(
  '$route (user token)',
  ({ method, path, requirement }) => {
    const scopes = (requirement as { scopes: string[] }).scopes;

    it('refuses a request without a token: 403 Invalid credentials.', async () => {
      const res = await call(method, path);
      expect([res.status, res.body]).toEqual([403, { error: 'Invalid credentials.' }]);
    });

    it.runIf(scopes.length > 0)('refuses a token lacking the scope with the scope message', async () => {
      const res = await call(method, path, await tokenWith([lacking(scopes)]));
      expect([res.status, res.body]).toEqual([
        403,
        { error: `Insufficient permissions: ${scopes.join(' | ')}.` },
      ]);
    });

    it.runIf(scopes.length === 0)('takes any user token: no scope check', async () => {
      const res = await call(method, path, await tokenWith(['follow']));
      expect(authRefusal(res)).toBeUndefined();
    });

    acceptsScopedTokens(() => ({ call, tokenWith }), method, path, scopes);

    it('refuses an app-only token: 403 Invalid credentials.', async () => {
      const app = await registerApp(
        t.deps,
        {
          name: 'app only',
          website: null,
          redirectUris: ['urn:ietf:wg:oauth:2.0:oob'],
          scopes: ['read', 'write', 'follow'],
        },
        testContext(),
      );
      const token = await issueToken(t.deps, {
        accountId: null,
        appId: app.appId,
        scopes: ['read', 'write', 'follow'],
        context: testContext(),
      });
      const res = await call(method, path, token.accessToken);
      expect([res.status, res.body]).toEqual([403, { error: 'Invalid credentials.' }]);
    });
  },
);
