import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountStream } from '../../src/domain/account/index.js';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { loginClient } from '../helpers/login.js';

let t: TestApp;
let login: Awaited<ReturnType<typeof loginClient>>;

beforeAll(async () => {
  t = await createTestApp();
  login = await loginClient(t);
});
afterAll(() => t.close());

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const post = (path: string, token: string, body: Record<string, unknown>) =>
  request(t.app).post(path).set(bearer(token)).send(body);

describe('POST /api/pleroma/change_password (§1.6)', () => {
  it('changes the password, logs every session out and lets the new password in', async () => {
    const { account, token, password } = await userWithToken(t, 'pw_alice');
    const other = (await login('pw_alice', password)).body.access_token as string;
    const res = await post('/api/pleroma/change_password', token, {
      password,
      new_password: 'a brand new secret',
      new_password_confirmation: 'a brand new secret',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'success' });

    // Pleroma's reset_password drops every token, the one that asked included.
    for (const old of [token, other]) {
      await request(t.app).get('/api/v1/accounts/verify_credentials').set(bearer(old)).expect(403);
    }
    expect((await login('pw_alice', password)).status).toBe(400);
    const fresh = await login('pw_alice', 'a brand new secret');
    expect(fresh.status).toBe(200);
    await request(t.app)
      .get('/api/v1/accounts/verify_credentials')
      .set(bearer(fresh.body.access_token))
      .expect(200);

    const events = await t.deps.eventStore.readStream(accountStream(account.id));
    const changed = events.find((event) => event.type === 'PasswordChanged');
    expect(changed?.data.passwordHash).toMatch(/^enc:v1:/);
    await t.processes.waitFor(['process:account-lifecycle'], changed!.position);
    // The process ran after the request and kept the token issued with the new password.
    await request(t.app)
      .get('/api/v1/accounts/verify_credentials')
      .set(bearer(fresh.body.access_token))
      .expect(200);
  });

  const fresh = 'long enough 1';
  it.each([
    [
      'a wrong password',
      { password: 'wrong', new_password: fresh, new_password_confirmation: fresh },
      'Invalid password.',
    ],
    [
      'a blank password',
      { password: '', new_password: fresh, new_password_confirmation: fresh },
      'Invalid password.',
    ],
    ['a null password', { password: null, new_password: fresh, new_password_confirmation: fresh }, null],
    ['no password', { new_password: fresh, new_password_confirmation: fresh }, null],
    [
      'a mismatched confirmation',
      { password: 'RIGHT', new_password: fresh, new_password_confirmation: 'long enough 2' },
      'New password does not match confirmation.',
    ],
    [
      'a blank new password',
      { password: 'RIGHT', new_password: '', new_password_confirmation: '' },
      "New password can't be blank.",
    ],
    [
      'a short new password',
      { password: 'RIGHT', new_password: 'short', new_password_confirmation: 'short' },
      'New password should be at least 8 character(s).',
    ],
    [
      'a long new password',
      { password: 'RIGHT', new_password: 'x'.repeat(300), new_password_confirmation: 'x'.repeat(300) },
      'New password should be at most 256 character(s).',
    ],
  ])('answers %s with its error, appending nothing', async (_name, body, error) => {
    const { token, password } = await userWithToken(t, `pw_${Math.random().toString(36).slice(2, 10)}`);
    const filled = Object.fromEntries(
      Object.entries(body).map(([key, value]) => [key, value === 'RIGHT' ? password : value]),
    );
    await appendsNothing(t, async () => {
      const res = await post('/api/pleroma/change_password', token, filled);
      if (error === null) {
        expect(res.status).toBe(400);
        expect(res.body.error).toMatch(/^(Missing field: password\.|password - Invalid string)/);
      } else {
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ error });
      }
    });
    await request(t.app).get('/api/v1/accounts/verify_credentials').set(bearer(token)).expect(200);
  });

  it('refuses an oversized password with a 400 before hashing anything', async () => {
    const { token } = await userWithToken(t, 'pw_huge');
    await appendsNothing(t, async () => {
      const huge = 'x'.repeat(100_000);
      const res = await post('/api/pleroma/change_password', token, {
        password: huge,
        new_password: huge,
        new_password_confirmation: huge,
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toContain('password - is too long.');
    });
  });

  it('exists only under /api/pleroma', async () => {
    const { token, password } = await userWithToken(t, 'pw_v1');
    const res = await post('/api/v1/pleroma/change_password', token, { password });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'Not implemented' });
  });
});

describe('POST /api/pleroma/change_email (§1.5)', () => {
  beforeAll(async () => {
    await userWithToken(t, 'em_taken');
  });

  it('changes the address: the owner sees it, it logs in, and the old one is free again', async () => {
    const { token, password } = await userWithToken(t, 'em_alice');
    const res = await post('/api/pleroma/change_email', token, { password, email: 'Alice.New@Example.net' });
    expect(res.body).toEqual({ status: 'success' });
    const me = await request(t.app).get('/api/v1/accounts/verify_credentials').set(bearer(token)).expect(200);
    expect(me.body.pleroma.email).toBe('Alice.New@Example.net');
    expect((await login('alice.new@example.net', password)).status).toBe(200);
    expect((await login('em_alice@example.org', password)).status).toBe(400);

    const { token: bobToken, password: bobPassword } = await userWithToken(t, 'em_bob');
    const taken = await post('/api/pleroma/change_email', bobToken, {
      password: bobPassword,
      email: 'alice.new@example.net',
    });
    expect(taken.body).toEqual({ error: 'Email has already been taken.' });
    const freed = await post('/api/pleroma/change_email', bobToken, {
      password: bobPassword,
      email: 'em_alice@example.org',
    });
    expect(freed.body).toEqual({ status: 'success' });
  });

  it('removes the address when blank and activation is not required', async () => {
    const { token, password } = await userWithToken(t, 'em_blank');
    expect((await post('/api/pleroma/change_email', token, { password, email: '' })).body).toEqual({
      status: 'success',
    });
    const me = await request(t.app).get('/api/v1/accounts/verify_credentials').set(bearer(token));
    expect(me.body.pleroma.email).toBeNull();
  });

  it('gives an address to exactly one of two accounts asking for it at once', async () => {
    const users = await Promise.all([userWithToken(t, 'em_race1'), userWithToken(t, 'em_race2')]);
    const answers = await Promise.all(
      users.map(({ token, password }) =>
        post('/api/pleroma/change_email', token, { password, email: 'contested@example.net' }),
      ),
    );
    expect(
      answers.map((res) => res.body).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    ).toEqual([{ error: 'Email has already been taken.' }, { status: 'success' }]);
  });

  it.each([
    ['a wrong password', { password: 'wrong', email: 'x@example.net' }, 200, { error: 'Invalid password.' }],
    [
      'a malformed address',
      { password: 'RIGHT', email: 'not an address' },
      200,
      { error: 'Email has invalid format.' },
    ],
    [
      'an address taken',
      { password: 'RIGHT', email: 'em_taken@example.org' },
      200,
      { error: 'Email has already been taken.' },
    ],
    ['no address', { password: 'RIGHT' }, 400, { error: 'Missing field: email.' }],
    ['no password', { email: 'x@example.net' }, 400, { error: 'Missing field: password.' }],
    [
      'an oversized address',
      { password: 'RIGHT', email: `${'x'.repeat(400)}@example.net` },
      400,
      { error: 'email - is too long.' },
    ],
    [
      'an array',
      { password: 'RIGHT', email: ['x@example.net'] },
      400,
      { error: 'email - Invalid string. Got: ["x@example.net"].' },
    ],
  ])('answers %s with %i %j and appends nothing', async (_name, body, status, expected) => {
    const { token, password } = await userWithToken(t, `em_${Math.random().toString(36).slice(2, 10)}`);
    const filled = Object.fromEntries(
      Object.entries(body).map(([key, value]) => [key, value === 'RIGHT' ? password : value]),
    );
    await appendsNothing(t, async () => {
      const res = await post('/api/pleroma/change_email', token, filled);
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject(expected);
    });
  });
});

describe('change_email when activation is required', () => {
  let strict: TestApp;
  beforeAll(async () => {
    strict = await createTestApp({ env: { ACCOUNT_ACTIVATION_REQUIRED: 'true' } });
  });
  afterAll(() => strict.close());

  it("refuses a blank address: Email can't be blank.", async () => {
    const { token, password } = await userWithToken(strict, 'em_strict');
    const res = await request(strict.app)
      .post('/api/pleroma/change_email')
      .set(bearer(token))
      .send({ password, email: ' ' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ error: "Email can't be blank." });
  });
});
