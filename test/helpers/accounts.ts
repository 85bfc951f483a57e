import { registerAccount } from '../../src/commands/accounts/index.js';
import { issueToken, registerApp } from '../../src/commands/oauth/index.js';
import type { AccountRecord } from '../../src/projections/accounts/queries.js';
import type { TestApp } from './app.js';
import { testContext } from './context.js';

/** An app and an app-only (client_credentials-like) token for it: what registration needs. */
export async function appToken(t: TestApp, scopes = ['read', 'write', 'follow']) {
  const app = await registerApp(
    t.deps,
    { name: 'test app', website: null, redirectUris: ['urn:ietf:wg:oauth:2.0:oob'], scopes },
    testContext(),
  );
  const token = await issueToken(t.deps, {
    accountId: null,
    appId: app.appId,
    scopes,
    context: testContext(),
  });
  return { app, token: token.accessToken };
}

/** A registered, confirmed local user and a user token with `scopes`. */
export async function userWithToken(
  t: TestApp,
  nickname: string,
  scopes = ['read', 'write', 'follow'],
): Promise<{ account: AccountRecord; token: string; password: string }> {
  const password = `${nickname} password`;
  const account = await registerAccount(
    t.deps,
    { nickname, email: `${nickname}@example.org`, password, byAdmin: true },
    testContext(),
  );
  const { app } = await appToken(t, scopes);
  const token = await issueToken(t.deps, {
    accountId: account.id,
    appId: app.appId,
    scopes,
    context: testContext(),
  });
  return { account, token: token.accessToken, password };
}
