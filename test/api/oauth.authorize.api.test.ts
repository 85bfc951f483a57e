import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bearer, type ClientApp, OOB, REDIRECT } from '../helpers/mfa.js';
import { type OAuthTestApp, PASSWORD, useOAuthApp } from '../helpers/oauthApi.js';

let { testApp, http, createApp } = {} as OAuthTestApp;
useOAuthApp((made) => ({ testApp, http, createApp } = made));

/** GET /oauth/authorize: the login form for `app`, asking for `scope`. */
const authorizeForm = (app: ClientApp, scope: string, state?: string) =>
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
