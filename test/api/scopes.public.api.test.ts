import { describe, expect, it } from 'vitest';
import {
  acceptsScopedTokens,
  authRefusal,
  lacking,
  type ScopesApp,
  useScopesApp,
} from '../helpers/scopesApi.js';
import { rows } from '../helpers/scopesTable.js';

let { tokenWith, call } = {} as ScopesApp;
useScopesApp((made) => ({ tokenWith, call } = made));

describe.each(rows.filter((row) => row.requirement.auth === 'public'))(
  '$route (public)',
  ({ method, path, requirement }) => {
    const { scopes, fallback } = requirement as { scopes: string[]; fallback: boolean };
    const scopeMessage = `Insufficient permissions: ${scopes.join(' | ')}.`;

    it(
      fallback || scopes.length === 0
        ? 'serves a request without a token'
        : 'refuses no token with the scope message',
      async () => {
        const res = await call(method, path);
        if (fallback || scopes.length === 0) expect(authRefusal(res)).toBeUndefined();
        else expect([res.status, res.body]).toEqual([403, { error: scopeMessage }]);
      },
    );

    it.runIf(scopes.length > 0)(
      fallback ? 'serves a token lacking the scope as anonymous' : 'refuses a token lacking the scope',
      async () => {
        const res = await call(method, path, await tokenWith([lacking(scopes)]));
        if (fallback) expect(authRefusal(res)).toBeUndefined();
        else expect([res.status, res.body]).toEqual([403, { error: scopeMessage }]);
      },
    );

    acceptsScopedTokens(() => ({ call, tokenWith }), method, path, scopes);
  },
);

describe.each(rows.filter((row) => row.requirement.auth === 'none'))(
  '$route (no auth)',
  ({ method, path }) => {
    it('ignores credentials: none, or a token with no useful scope, are served alike', async () => {
      for (const token of [undefined, await tokenWith(['follow'])]) {
        const res = await call(method, path, token);
        expect(authRefusal(res)).toBeUndefined();
        expect(res.status).not.toBe(500);
      }
    });
  },
);
