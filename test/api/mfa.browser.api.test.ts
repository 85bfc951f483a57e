import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import {
  bearer,
  type ClientApp,
  createClientApp,
  enableTotp,
  formMfaToken,
  OOB,
  REDIRECT,
  testClock,
  totpCode,
} from '../helpers/mfa.js';

let t: TestApp;
let http: ReturnType<typeof request>;
let client: ClientApp;
const clock = testClock();

beforeAll(async () => {
  t = await createTestApp({ deps: { clock: clock.now } });
  http = request(t.app);
  client = await createClientApp(http);
});

afterAll(async () => {
  await t?.close();
});

let users = 0;
async function mfaUser() {
  const user = await userWithToken(t, `browser_user_${++users}`, ['read', 'write', 'follow']);
  const secret = await enableTotp(http, user.token, user.password, clock.now);
  const address = `203.0.113.${users}`;
  /** The login form's POST: with MFA on, the answer is the two-factor form. */
  const login = (extra: Record<string, string | string[]> = {}) =>
    http
      .post('/oauth/authorize')
      .set('X-Forwarded-For', address)
      .type('form')
      .send({
        'authorization[name]': user.account.nickname,
        'authorization[password]': user.password,
        'authorization[client_id]': client.client_id,
        'authorization[redirect_uri]': REDIRECT,
        'authorization[scope][]': ['read', 'write'],
        'authorization[state]': 'xyz',
        ...extra,
      });
  const verify = (fields: Record<string, string>) =>
    http
      .post('/oauth/mfa/verify')
      .set('X-Forwarded-For', address)
      .type('form')
      .send(Object.fromEntries(Object.entries(fields).map(([k, v]) => [`mfa[${k}]`, v])));
  return { ...user, secret, login, verify, nextCode: () => totpCode(secret, clock.now(), 1) };
}

const exchange = (code: string, extra: Record<string, string> = {}) =>
  http
    .post('/oauth/token')
    .type('form')
    .send({
      grant_type: 'authorization_code',
      code,
      client_id: client.client_id,
      client_secret: client.client_secret,
      ...extra,
    });

describe('the browser flow of an MFA account (§3.7)', () => {
  it('goes login form → two-factor form → verify → redirect with code and state → token', async () => {
    const user = await mfaUser();
    const form = await user.login().expect(200).expect('Content-Type', /html/);
    expect(form.text).toContain('<h1>Two-factor authentication</h1>');
    expect(form.text).toContain('<form method="post" action="/oauth/mfa/verify">');
    expect(form.text).toContain(`name="mfa[redirect_uri]" value="${REDIRECT}"`);
    expect(form.text).toContain('name="mfa[state]" value="xyz"');
    expect(form.text).not.toContain(user.password);
    const mfa_token = formMfaToken(form.text);

    const wrong = await user.verify({ mfa_token, challenge_type: 'totp', code: '000000' }).expect(401);
    expect(wrong.text).toContain('Two-factor authentication failed.');
    expect(formMfaToken(wrong.text)).toBe(mfa_token);

    const fields = { mfa_token, challenge_type: 'totp', code: await user.nextCode(), state: 'xyz' };
    const done = await user.verify({ ...fields, redirect_uri: 'https://evil.example/' }).expect(302);
    const location = new URL(done.headers.location!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('xyz');
    const token = await exchange(location.searchParams.get('code')!, { redirect_uri: REDIRECT }).expect(200);
    expect(token.body).toMatchObject({
      scope: 'read write',
      me: `http://localhost:4000/users/${user.account.nickname}`,
    });
    await http.get('/api/v1/accounts/verify_credentials').set(bearer(token.body.access_token)).expect(200);
  });

  it('offers the recovery form, takes a recovery code once, and shows the code out of band', async () => {
    const user = await mfaUser();
    const { codes } = (await http.get('/api/pleroma/accounts/mfa/backup_codes').set(bearer(user.token))).body;
    const form = await user.login({ 'authorization[redirect_uri]': OOB }).expect(200);
    const mfa_token = formMfaToken(form.text);
    expect(form.text).toContain('Enter a two-factor recovery code');

    const recovery = await http
      .get('/oauth/mfa')
      .query({ mfa_token, challenge_type: 'recovery', redirect_uri: OOB, state: '' })
      .expect(200)
      .expect('Content-Type', /html/);
    expect(recovery.text).toContain('<h1>Two-factor recovery</h1>');
    expect(recovery.text).toContain('name="mfa[challenge_type]" value="recovery"');
    expect(recovery.text).toContain('Enter a two-factor code');

    const page = await user.verify({ mfa_token, challenge_type: 'recovery', code: codes[0] }).expect(200);
    const code = /<code id="authorization-code">([^<]+)<\/code>/.exec(page.text)?.[1];
    expect(code).toBeTruthy();
    await exchange(code!).expect(200);
    const again = await user.verify({ mfa_token, challenge_type: 'recovery', code: codes[0] }).expect(401);
    expect(again.text).toContain('<h1>Two-factor recovery</h1>');
  });

  it('keeps the PKCE challenge of the login across the second factor', async () => {
    const user = await mfaUser();
    const verifier = 'a-long-enough-code-verifier-for-pkce-0123456789abcdef';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const form = await user
      .login({ 'authorization[code_challenge]': challenge, 'authorization[code_challenge_method]': 'S256' })
      .expect(200);
    const fields = {
      mfa_token: formMfaToken(form.text),
      challenge_type: 'totp',
      code: await user.nextCode(),
    };
    const done = await user.verify(fields).expect(302);
    const code = new URL(done.headers.location!).searchParams.get('code')!;
    await exchange(code, { code_verifier: 'the-wrong-verifier-0123456789abcdef-0123456789' }).expect(400);
    clock.advance(30); // the next code: this one is spent
    try {
      const second = await user.verify({ ...fields, code: await user.nextCode() }).expect(302);
      const code2 = new URL(second.headers.location!).searchParams.get('code')!;
      await exchange(code2, { code_verifier: verifier }).expect(200);
    } finally {
      clock.advance(-30);
    }
  });

  it('refuses a password-grant mfa_token, a wrong password and scopes the app lacks', async () => {
    const user = await mfaUser();
    const grant = await http
      .post('/oauth/token')
      .type('form')
      .send({
        grant_type: 'password',
        client_id: client.client_id,
        client_secret: client.client_secret,
        username: user.account.nickname,
        password: user.password,
      })
      .expect(403);
    const fields = { mfa_token: grant.body.mfa_token, challenge_type: 'totp', code: await user.nextCode() };
    const refused = await user.verify(fields).expect(401);
    expect(refused.text).toContain('Two-factor authentication failed.');

    const wrongPassword = await user.login({ 'authorization[password]': 'wrong' }).expect(401);
    expect(wrongPassword.text).toContain('Invalid Username/Password');
    const tooMuch = await user.login({ 'authorization[scope][]': ['read', 'admin:write'] }).expect(401);
    expect(tooMuch.text).toContain('This action is outside the authorized scopes');
  });

  it('answers garbage at verify and the form without a token with a 4xx, never a 500', async () => {
    const user = await mfaUser();
    await user.verify({ mfa_token: 'garbage', challenge_type: 'totp', code: '123456' }).expect(401);
    await http.post('/oauth/mfa/verify').send({ mfa: 'not an object' }).expect(401);
    await http.post('/oauth/mfa/verify').send([1, 2]).expect(401);
    await http.get('/oauth/mfa').expect(400, { error: 'Missing field: mfa_token.' });
  });
});
