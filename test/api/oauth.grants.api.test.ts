import { describe, expect, it } from 'vitest';
import { basic, bearer, OOB } from '../helpers/mfa.js';
import { type OAuthTestApp, PASSWORD, useOAuthApp } from '../helpers/oauthApi.js';

let { testApp, http, createApp, passwordGrant } = {} as OAuthTestApp;
useOAuthApp((made) => ({ testApp, http, createApp, passwordGrant } = made));

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
