import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { Pleroma } from 'megalodon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAccount } from '../../src/commands/accounts/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testContext } from '../helpers/context.js';

/** megalodon's Pleroma driver against the app on a real loopback port: what third-party clients do. */
// megalodon's `generator('pleroma', url, token)` is `new Pleroma(url, token)`; the named export imports the same
// way under tsc's NodeNext and vitest (its CommonJS default export does not).
const generator = (_sns: 'pleroma', url: string, token: string | null = null) => new Pleroma(url, token);
let server: Server;
let baseUrl: string;
let testApp: TestApp;
const PASSWORD = 'megalodon password';

beforeAll(async () => {
  let handler: Express | undefined;
  server = createServer((req, res) => handler?.(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  testApp = await createTestApp({ env: { PUBLIC_URL: baseUrl } });
  handler = testApp.app;
  await registerAccount(
    testApp.deps,
    { nickname: 'mega', email: 'mega@example.com', password: PASSWORD, byAdmin: true },
    testContext(),
  );
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await testApp?.close();
});

/** What a person does in the browser: open the authorize URL, submit the login form, read the oob code. */
async function logInThroughBrowser(authorizeUrl: string): Promise<string> {
  const form = await fetch(authorizeUrl);
  expect(form.status).toBe(200);
  const html = await form.text();
  const body = new URLSearchParams({ 'authorization[name]': 'mega', 'authorization[password]': PASSWORD });
  for (const [, name, value] of html.matchAll(/type="hidden" name="([^"]+)" value="([^"]*)"/g)) {
    body.append(name!, value!.replace(/&amp;/g, '&'));
  }
  for (const [, value] of html.matchAll(/name="authorization\[scope\]\[\]" value="([^"]+)" checked/g)) {
    body.append('authorization[scope][]', value!);
  }
  const page = await fetch(`${baseUrl}/oauth/authorize`, { method: 'POST', body, redirect: 'manual' });
  expect(page.status).toBe(200);
  return /<code id="authorization-code">([^<]+)<\/code>/.exec(await page.text())![1]!;
}

describe('megalodon (pleroma driver)', () => {
  it('registers an app, authorizes in the browser, exchanges the code and verifies the account', async () => {
    const anonymous = generator('pleroma', baseUrl);
    const app = await anonymous.registerApp('Megalodon test', { scopes: ['read', 'write', 'follow'] });
    expect(app.client_id).toBeTruthy();
    expect(app.client_secret).toBeTruthy();
    expect(app.redirect_uri).toBe('urn:ietf:wg:oauth:2.0:oob');

    const code = await logInThroughBrowser(app.url!);
    const token = await anonymous.fetchAccessToken(app.client_id, app.client_secret, code);
    expect(token.token_type).toBe('Bearer');
    expect(token.scope).toBe('read write follow');

    const client = generator('pleroma', baseUrl, token.access_token);
    const { data: account } = await client.verifyAccountCredentials();
    expect(account).toMatchObject({ username: 'mega', acct: 'mega', display_name: 'mega' });
    expect(account.id).toEqual(expect.any(String));
    const { data: application } = await client.verifyAppCredentials();
    expect(application.name).toBe('Megalodon test');
  });

  it('uses a password-grant token, refreshes it and revokes it', async () => {
    const anonymous = generator('pleroma', baseUrl);
    const app = await anonymous.createApp('Megalodon password', { scopes: ['read', 'write'] });
    const grant = await fetch(`${baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'password',
        client_id: app.client_id,
        client_secret: app.client_secret,
        username: 'mega@example.com',
        password: PASSWORD,
      }),
    });
    expect(grant.status).toBe(200);
    const { access_token, refresh_token } = (await grant.json()) as Record<string, string>;

    const { data: account } = await generator('pleroma', baseUrl, access_token!).verifyAccountCredentials();
    expect(account.username).toBe('mega');

    const refreshed = await anonymous.refreshToken(app.client_id, app.client_secret, refresh_token!);
    const client = generator('pleroma', baseUrl, refreshed.access_token);
    await client.verifyAccountCredentials();
    await expect(generator('pleroma', baseUrl, access_token!).verifyAccountCredentials()).rejects.toThrow();

    await anonymous.revokeToken(app.client_id, app.client_secret, refreshed.access_token);
    await expect(client.verifyAccountCredentials()).rejects.toThrow();
  });
});
