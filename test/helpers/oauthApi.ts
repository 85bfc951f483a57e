import request from 'supertest';
import { registerAccount } from '../../src/commands/accounts/index.js';
import { createTestApp, type TestApp, useApp } from './app.js';
import { testContext } from './context.js';
import { type ClientApp, OOB, REDIRECT } from './mfa.js';

/** alice's password. */
export const PASSWORD = 'correct horse battery';

export type OAuthTestApp = Awaited<ReturnType<typeof oauthTestApp>>;

/**
 * The test file's set-up: before its tests, makes an OAuthTestApp and hands it to `receive` (which keeps
 * what the file uses); after them, closes it.
 */
export const useOAuthApp = (receive: (made: OAuthTestApp) => void) =>
  useApp(createTestApp, oauthTestApp, receive);

/** `testApp` with alice registered on it, and the requests the OAuth tests make of it. */
async function oauthTestApp(testApp: TestApp) {
  const http = request(testApp.app);
  await registerAccount(
    testApp.deps,
    { nickname: 'alice', email: 'alice@example.com', password: PASSWORD, byAdmin: true },
    testContext(),
  );

  async function createApp(
    scopes = 'read write follow',
    redirectUris = `${REDIRECT}\n${OOB}`,
  ): Promise<ClientApp> {
    const res = await http
      .post('/api/v1/apps')
      .send({
        client_name: 'Test client',
        redirect_uris: redirectUris,
        scopes,
        website: 'https://client.example',
      })
      .expect(200);
    return res.body;
  }

  function passwordGrant(app: ClientApp, username: string, extra: Record<string, string> = {}) {
    return http
      .post('/oauth/token')
      .type('form')
      .send({
        grant_type: 'password',
        client_id: app.client_id,
        client_secret: app.client_secret,
        username,
        password: PASSWORD,
        ...extra,
      });
  }

  return { testApp, http, createApp, passwordGrant };
}
