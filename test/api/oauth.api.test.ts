import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAccount } from '../../src/commands/accounts/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testContext } from '../helpers/context.js';

let testApp: TestApp;
let http: ReturnType<typeof request>;
const REDIRECT = 'https://client.example/callback';
const OOB = 'urn:ietf:wg:oauth:2.0:oob';
const PASSWORD = 'correct horse battery';

interface RegisteredApp {
  id: string;
  client_id: string;
  client_secret: string;
}

async function createApp(
  scopes = 'read write follow',
  redirectUris = `${REDIRECT}\n${OOB}`,
): Promise<RegisteredApp> {
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

function passwordGrant(app: RegisteredApp, username: string, extra: Record<string, string> = {}) {
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

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const basic = (user: string, password: string) => ({
  Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

beforeAll(async () => {
  testApp = await createTestApp();
  http = request(testApp.app);
  await registerAccount(
    testApp.deps,
    { nickname: 'alice', email: 'alice@example.com', password: PASSWORD, byAdmin: true },
    testContext(),
  );
});

afterAll(async () => {
  await testApp?.close();
});

describe('POST /api/v1/apps', () => {
  it('registers an app and shows its client secret once', async () => {
    const res = await http
      .post('/api/v1/apps')
      .type('form')
      .send({ client_name: 'Form client', redirect_uris: OOB })
      .expect(200);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Form client',
      website: null,
      redirect_uri: OOB,
      client_id: expect.stringMatching(/^[\w-]{43}$/),
      client_secret: expect.stringMatching(/^[\w-]{43}$/),
    });
  });

  it('keeps no client secret in the clear, neither in the log nor in the read model', async () => {
    const app = await createApp();
    const events = await testApp.deps.eventStore.readStream(`oauthApp-${app.id}`);
    expect(JSON.stringify(events.map(({ data }) => data))).not.toContain(app.client_secret);
    const rows = await testApp.deps.db('oauth_apps').where({ app_id: app.id });
    expect(JSON.stringify(rows)).not.toContain(app.client_secret);
  });

  it.each([
    [{ redirect_uris: OOB }, 'Missing field: client_name.'],
    [{ client_name: 'x' }, 'Missing field: redirect_uris.'],
    [{ client_name: 'x', redirect_uris: '   ' }, 'Missing field: redirect_uris.'],
    [{ client_name: 'x', redirect_uris: OOB, scopes: 12 }, expect.stringContaining('scopes')],
  ])('refuses %j with a 400', async (body, error) => {
    const res = await http.post('/api/v1/apps').send(body).expect(400);
    expect(res.body.error).toEqual(error);
  });
});

describe('the password grant', () => {
  it('issues a Pleroma-shaped token that authenticates the very next request', async () => {
    const app = await createApp();
    const res = await passwordGrant(app, 'alice', { scope: 'read write' }).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      id: expect.any(String),
      token_type: 'Bearer',
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      expires_in: expect.any(Number),
      scope: 'read write',
      created_at: expect.any(Number),
      me: 'http://localhost:4000/users/alice',
    });
    expect(res.body.expires_in).toBeGreaterThan(3600 * 24 * 365 * 99);
    expect(Math.abs(res.body.created_at - Date.now() / 1000)).toBeLessThan(60);

    const verify = await http
      .get('/api/v1/apps/verify_credentials')
      .set(bearer(res.body.access_token))
      .expect(200);
    expect(verify.body).toEqual({ name: 'Test client', website: 'https://client.example' });
    const account = await http
      .get('/api/v1/accounts/verify_credentials')
      .set(bearer(res.body.access_token))
      .expect(200);
    expect(account.body).toMatchObject({ username: 'alice', acct: 'alice' });
  });

  it('accepts the e-mail address, a JSON body, Basic client credentials and plus-separated scopes', async () => {
    const app = await createApp();
    const res = await http
      .post('/oauth/token')
      .set(basic(app.client_id, app.client_secret))
      .send({
        grant_type: 'password',
        username: 'alice@example.com',
        password: PASSWORD,
        scope: 'read+follow',
      })
      .expect(200);
    expect(res.body.scope).toBe('read follow');
  });

  it("grants the app's scopes when none are asked for", async () => {
    const app = await createApp('read write');
    const res = await passwordGrant(app, 'alice').expect(200);
    expect(res.body.scope).toBe('read write');
  });

  it.each([
    ['a wrong password', { password: 'nope nope nope' }],
    ['an unknown user', { username: 'bob' }],
    ['a missing username', { username: '' }],
    ['a wrong client secret', { client_secret: 'wrong' }],
    ['an unknown client', { client_id: 'nobody' }],
    ['scopes the app does not have', { scope: 'admin' }],
  ])('answers %s with 400 "Invalid credentials"', async (_name, extra) => {
    const app = await createApp();
    const res = await passwordGrant(app, 'alice', extra).expect(400).expect('Content-Type', /json/);
    expect(res.body).toEqual({ error: 'Invalid credentials' });
  });

  it.each([
    ['an unsupported grant type', { grant_type: 'implicit' }],
    ['no grant type', { grant_type: '' }],
  ])('answers %s with 400 "Bad request"', async (_name, extra) => {
    const app = await createApp();
    const res = await passwordGrant(app, 'alice', extra).expect(400);
    expect(res.body).toEqual({ error: 'Bad request' });
  });

  it('answers malformed input with a JSON 4xx, never a 500', async () => {
    await http
      .post('/oauth/token')
      .set('Content-Type', 'application/json')
      .send('{"grant_type":')
      .expect(400);
    const empty = await http.post('/oauth/token').expect(400);
    expect(empty.body).toEqual({ error: 'Bad request' });
    const nested = await http
      .post('/oauth/token')
      .send({ grant_type: { $ne: 1 }, username: ['a'] })
      .expect(400);
    expect(nested.body.error).toBeDefined();
  });
});

describe('client_credentials', () => {
  it('issues an app-only token that verifies the app but is no user authentication', async () => {
    const app = await createApp();
    const res = await http
      .post('/oauth/token')
      .type('form')
      .send({ grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret })
      .expect(200);
    expect(res.body.me).toBeUndefined();
    expect(res.body.scope).toBe('read write follow');
    await http.get('/api/v1/apps/verify_credentials').set(bearer(res.body.access_token)).expect(200);
    const denied = await http.get('/api/oauth_tokens').set(bearer(res.body.access_token)).expect(403);
    expect(denied.body).toEqual({ error: 'Invalid credentials.' });
  });
});

describe('scopes', () => {
  it('answers a token lacking the scope with the exact 403 text', async () => {
    const app = await createApp();
    const { body } = await passwordGrant(app, 'alice', { scope: 'read' }).expect(200);
    const res = await http
      .patch('/api/v1/accounts/update_credentials')
      .set(bearer(body.access_token))
      .send({ note: 'hi' })
      .expect(403);
    expect(res.body).toEqual({ error: 'Insufficient permissions: write:accounts.' });
  });

  it('lets app verification without any token fail on the scope, as Pleroma does', async () => {
    const res = await http.get('/api/v1/apps/verify_credentials').expect(403);
    expect(res.body).toEqual({ error: 'Insufficient permissions: read.' });
  });
});

/** GET /oauth/authorize: the login form for `app`, asking for `scope`. */
const authorizeForm = (app: RegisteredApp, scope: string, state?: string) =>
  http
    .get('/oauth/authorize')
    .query({ response_type: 'code', client_id: app.client_id, redirect_uri: REDIRECT, scope, state })
    .expect(200)
    .expect('Content-Type', /html/);

/** The form's scope checkboxes: each scope offered, and whether it is checked. */
const scopeBoxes = (html: string) =>
  [...html.matchAll(/name="authorization\[scope\]\[\]" value="([^"]*)"( checked)?/g)].map(
    ([, scope, checked]) => [scope, checked !== undefined],
  );

describe('the authorization_code flow', () => {
  it('logs in through the HTML form, redirects with code and state, and exchanges the code once', async () => {
    const app = await createApp();
    const form = await authorizeForm(app, 'read write', 'xyz');
    expect(form.text).toContain('<form method="post" action="/oauth/authorize">');
    expect(form.text).toContain(`name="authorization[client_id]" value="${app.client_id}"`);
    expect(form.text).toContain('Test client');
    expect(scopeBoxes(form.text)).toEqual([
      ['read', true],
      ['write', true],
      ['follow', false],
    ]);

    const login = await http
      .post('/oauth/authorize')
      .type('form')
      .send({
        'authorization[name]': 'alice',
        'authorization[password]': PASSWORD,
        'authorization[client_id]': app.client_id,
        'authorization[redirect_uri]': REDIRECT,
        'authorization[response_type]': 'code',
        'authorization[scope][]': ['read', 'write'],
        'authorization[state]': 'xyz',
      })
      .expect(302);
    const location = new URL(login.headers.location!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('xyz');
    const code = location.searchParams.get('code')!;
    expect(code).toBeTruthy();

    const exchange = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: app.client_id,
      client_secret: app.client_secret,
    };
    const token = await http.post('/oauth/token').type('form').send(exchange).expect(200);
    expect(token.body).toMatchObject({ scope: 'read write', me: 'http://localhost:4000/users/alice' });
    await http.get('/api/oauth_tokens').set(bearer(token.body.access_token)).expect(200);

    const again = await http.post('/oauth/token').type('form').send(exchange).expect(400);
    expect(again.body).toEqual({ error: 'Invalid credentials' });
  });

  it('shows the code on a page for the out-of-band redirect URI', async () => {
    const app = await createApp();
    const page = await http
      .post('/oauth/authorize')
      .type('form')
      .send({
        'authorization[name]': 'alice@example.com',
        'authorization[password]': PASSWORD,
        'authorization[client_id]': app.client_id,
        'authorization[redirect_uri]': OOB,
        'authorization[scope]': 'read',
      })
      .expect(200)
      .expect('Content-Type', /html/);
    const code = /<code id="authorization-code">([^<]+)<\/code>/.exec(page.text)?.[1];
    expect(code).toBeTruthy();
    const token = await http
      .post('/oauth/token')
      .type('form')
      .send({
        grant_type: 'authorization_code',
        code,
        client_id: app.client_id,
        client_secret: app.client_secret,
      })
      .expect(200);
    expect(token.body.scope).toBe('read');
  });

  it("offers the app's scopes only, whatever the request names (Pleroma's form)", async () => {
    const app = await createApp('read write');
    const form = await authorizeForm(app, 'write admin');
    expect(scopeBoxes(form.text)).toEqual([
      ['read', false],
      ['write', true],
    ]);
  });

  it('verifies a PKCE challenge at the exchange', async () => {
    const app = await createApp();
    const verifier = 'a-long-enough-code-verifier-for-pkce-0123456789abcdef';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const authorize = () =>
      http
        .post('/oauth/authorize')
        .type('form')
        .send({
          'authorization[name]': 'alice',
          'authorization[password]': PASSWORD,
          'authorization[client_id]': app.client_id,
          'authorization[redirect_uri]': REDIRECT,
          'authorization[code_challenge]': challenge,
          'authorization[code_challenge_method]': 'S256',
        })
        .expect(302)
        .then((res) => new URL(res.headers.location!).searchParams.get('code')!);
    const exchange = (code: string, code_verifier: string) =>
      http.post('/oauth/token').type('form').send({
        grant_type: 'authorization_code',
        code,
        code_verifier,
        client_id: app.client_id,
        client_secret: app.client_secret,
      });
    await exchange(await authorize(), 'a-wrong-code-verifier-that-is-long-enough-0123456789').expect(400);
    await exchange(await authorize(), verifier).expect(200);
  });

  it('shows the form again on a wrong password, an unlisted redirect URI or a scope the app lacks', async () => {
    const app = await createApp('read');
    const post = (extra: Record<string, string>) =>
      http
        .post('/oauth/authorize')
        .type('form')
        .send({
          'authorization[name]': 'alice',
          'authorization[password]': PASSWORD,
          'authorization[client_id]': app.client_id,
          'authorization[redirect_uri]': REDIRECT,
          ...extra,
        });
    expect((await post({ 'authorization[password]': 'wrong' }).expect(401)).text).toContain(
      'Invalid Username/Password',
    );
    expect(
      (await post({ 'authorization[redirect_uri]': 'https://evil.example/' }).expect(400)).text,
    ).toContain('redirect_uri');
    expect((await post({ 'authorization[scope]': 'write' }).expect(401)).text).toContain(
      'This action is outside the authorized scopes',
    );
  });
});

describe('refresh, revoke and token management', () => {
  it('rotates the token on refresh: the old access and refresh tokens stop working', async () => {
    const app = await createApp();
    const first = (await passwordGrant(app, 'alice').expect(200)).body;
    const refresh = (refreshToken: string) =>
      http.post('/oauth/token').type('form').send({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: app.client_id,
        client_secret: app.client_secret,
      });
    const second = (await refresh(first.refresh_token).expect(200)).body;
    expect(second).toMatchObject({ id: first.id, scope: first.scope, me: first.me });
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);

    await http.get('/api/oauth_tokens').set(bearer(first.access_token)).expect(403);
    await http.get('/api/oauth_tokens').set(bearer(second.access_token)).expect(200);
    expect((await refresh(first.refresh_token).expect(400)).body).toEqual({ error: 'Invalid credentials' });
    await refresh(second.refresh_token).expect(200);
  });

  it('revokes through POST /oauth/revoke, after which the token fails at once', async () => {
    const app = await createApp();
    const { access_token } = (await passwordGrant(app, 'alice').expect(200)).body;
    // Used first: the server keeps its answer for the next requests (tokenCache.ts) until the revocation.
    await http.get('/api/oauth_tokens').set(bearer(access_token)).expect(200);
    const res = await http
      .post('/oauth/revoke')
      .type('form')
      .send({ token: access_token, client_id: app.client_id, client_secret: app.client_secret })
      .expect(200);
    expect(res.body).toEqual({});
    const after = await http.get('/api/oauth_tokens').set(bearer(access_token)).expect(403);
    expect(after.body).toEqual({ error: 'Invalid credentials.' });
    // RFC 7009: an unknown token is not an error; a missing one is bad input.
    await http
      .post('/oauth/revoke')
      .send({ token: 'x', client_id: app.client_id, client_secret: 'y' })
      .expect(200);
    await http.post('/oauth/revoke').send({}).expect(400);
  });

  it("does not let one app revoke another app's token", async () => {
    const [mine, theirs] = [await createApp(), await createApp()];
    const { access_token } = (await passwordGrant(mine, 'alice').expect(200)).body;
    await http
      .post('/oauth/revoke')
      .send({ token: access_token, client_id: theirs.client_id, client_secret: theirs.client_secret })
      .expect(200);
    await http.get('/api/oauth_tokens').set(bearer(access_token)).expect(200);
  });

  it('lists the user’s tokens and deletes one with 201 and an empty body (§11)', async () => {
    const app = await createApp();
    const keep = (await passwordGrant(app, 'alice').expect(200)).body;
    const doomed = (await passwordGrant(app, 'alice').expect(200)).body;
    for (const path of ['/api/oauth_tokens', '/api/oauth_tokens.json']) {
      const list = await http.get(path).set(bearer(keep.access_token)).expect(200);
      expect(list.body).toEqual(
        expect.arrayContaining([
          {
            id: doomed.id,
            app_name: 'Test client',
            valid_until: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/),
            scopes: ['read', 'write', 'follow'],
          },
        ]),
      );
    }
    const res = await http
      .delete(`/api/oauth_tokens/${doomed.id}`)
      .set(bearer(keep.access_token))
      .expect(201);
    expect(res.text).toBe('');
    await http.get('/api/oauth_tokens').set(bearer(doomed.access_token)).expect(403);
    await http.get('/api/oauth_tokens').set(bearer(keep.access_token)).expect(200);
    await http.delete('/api/oauth_tokens/unknown').set(bearer(keep.access_token)).expect(201);
    await http.delete(`/api/oauth_tokens/${keep.id}`).expect(403);
  });
});

describe('other credentials', () => {
  it.each(['alice', 'alice@example.com'])('accepts HTTP Basic with %s', async (user) => {
    await http.get('/api/oauth_tokens').set(basic(user, PASSWORD)).expect(200);
  });

  it('treats a wrong Basic password, an unknown token or garbage as no credentials', async () => {
    for (const headers of [
      basic('alice', 'wrong password'),
      bearer('nope'),
      { Authorization: 'Basic !!!' },
    ]) {
      const res = await http.get('/api/oauth_tokens').set(headers).expect(403);
      expect(res.body).toEqual({ error: 'Invalid credentials.' });
    }
  });

  it('accepts the token as an access_token parameter', async () => {
    const app = await createApp();
    const { access_token } = (await passwordGrant(app, 'alice').expect(200)).body;
    await http.get('/api/oauth_tokens').query({ access_token }).expect(200);
  });

  it('treats the tokens and password of a deactivated user as no credentials', async () => {
    await registerAccount(
      testApp.deps,
      { nickname: 'carol', email: 'carol@example.com', password: PASSWORD, byAdmin: true },
      testContext(),
    );
    const app = await createApp();
    const { access_token } = (await passwordGrant(app, 'carol').expect(200)).body;
    await http.get('/api/oauth_tokens').set(bearer(access_token)).expect(200);
    await http
      .post('/api/pleroma/disable_account')
      .set(bearer(access_token))
      .send({ password: PASSWORD })
      .expect(200);
    await http.get('/api/oauth_tokens').set(bearer(access_token)).expect(403);
    await http.get('/api/oauth_tokens').set(basic('carol', PASSWORD)).expect(403);
    const login = await passwordGrant(app, 'carol').expect(403);
    expect(login.body).toEqual({
      error: 'Your account is currently disabled',
      identifier: 'account_is_disabled',
    });
  });

  it('stores only hashes of tokens', async () => {
    const app = await createApp();
    const { id, access_token, refresh_token } = (await passwordGrant(app, 'alice').expect(200)).body;
    const stored = JSON.stringify([
      (await testApp.deps.eventStore.readStream(`oauthToken-${id}`)).map(({ data }) => data),
      await testApp.deps.db('oauth_tokens').where({ token_id: id }),
    ]);
    expect(stored).not.toContain(access_token);
    expect(stored).not.toContain(refresh_token);
  });
});
