import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appToken } from '../helpers/accounts.js';
import { type AccountsApp, useAccountsApp } from '../helpers/accountsApi.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { appendsNothing } from '../helpers/eventLog.js';

let { t, appBearer } = {} as AccountsApp;
useAccountsApp((made) => ({ t, appBearer } = made));

const register = (body: Record<string, unknown>, auth = appBearer) =>
  request(t.app).post('/api/v1/accounts').set('Authorization', auth).send(body);

describe('POST /api/v1/accounts', () => {
  it('registers with an app token and answers a token that works for verify_credentials', async () => {
    const res = await register({
      username: 'newbie',
      email: 'newbie@example.org',
      password: 'long enough',
      agreement: true,
      fullname: 'New Bie',
      bio: 'just arrived',
      locale: 'en',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      token_type: 'Bearer',
      access_token: expect.any(String),
      scope: 'read write follow',
      created_at: expect.any(Number),
      me: 'http://localhost:4000/users/newbie',
    });
    const me = await request(t.app)
      .get('/api/v1/accounts/verify_credentials')
      .set('Authorization', `Bearer ${res.body.access_token}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      username: 'newbie',
      acct: 'newbie',
      display_name: 'New Bie',
      note: 'just arrived',
      fqn: 'newbie@localhost:4000',
      url: 'http://localhost:4000/users/newbie',
      source: { note: 'just arrived', privacy: 'public', pleroma: { show_role: true } },
      pleroma: { email: 'newbie@example.org', is_confirmed: true, settings_store: {} },
    });
    expect(me.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
  });

  it('refuses a request without an app token', async () => {
    await appendsNothing(t, async () => {
      const res = await register({ username: 'x', password: 'long enough', agreement: true }, '');
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: 'Invalid credentials' });
    });
  });

  it.each([
    [{ password: 'long enough', agreement: true }, 400, 'Missing field: username.'],
    [{ username: 'y', agreement: true }, 400, 'Missing field: password.'],
    [{ username: 'y', password: 'long enough' }, 400, 'Missing field: agreement.'],
    [
      { username: 'bad name', password: 'long enough', agreement: true },
      400,
      '{"nickname":["has invalid format"]}',
    ],
    [
      { username: 'y', password: 'short', agreement: true },
      400,
      '{"password":["should be at least 8 character(s)"]}',
    ],
    [
      { username: 'y', email: 'nope', password: 'long enough', agreement: true },
      400,
      '{"email":["has invalid format"]}',
    ],
    [
      { username: ['y'], password: 'long enough', agreement: true },
      400,
      'username - Invalid string. Got: ["y"].',
    ],
  ])('answers %j with %i and appends nothing', async (body, status, error) => {
    await appendsNothing(t, async () => {
      const res = await register(body);
      expect(res.status).toBe(status);
      expect(res.body.error).toBe(error);
    });
  });

  it('refuses a taken nickname in any case, like Pleroma', async () => {
    await register({ username: 'taken', password: 'long enough', agreement: 'true' }).expect(200);
    const res = await register({ username: 'TAKEN', password: 'long enough', agreement: 'true' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: '{"nickname":["has already been taken"]}' });
  });
});

describe('registration closed', () => {
  let closed: TestApp;
  beforeAll(async () => {
    closed = await createTestApp({ env: { REGISTRATIONS_OPEN: 'false' } });
  });
  afterAll(() => closed.close());

  it('answers 403', async () => {
    const { token } = await appToken(closed);
    const res = await request(closed.app)
      .post('/api/v1/accounts')
      .set('Authorization', `Bearer ${token}`)
      .send({ username: 'late', password: 'long enough', agreement: true });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: 'Registrations are closed' });
  });
});

describe('registration when e-mail activation is required', () => {
  let strict: TestApp;
  beforeAll(async () => {
    strict = await createTestApp({ env: { ACCOUNT_ACTIVATION_REQUIRED: 'true' } });
  });
  afterAll(() => strict.close());

  it('needs an address, and answers Pleroma’s confirmation message instead of a token', async () => {
    const { token } = await appToken(strict);
    const post = (body: Record<string, unknown>) =>
      request(strict.app).post('/api/v1/accounts').set('Authorization', `Bearer ${token}`).send(body);
    const missing = await post({ username: 'pending', password: 'long enough', agreement: true });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ error: 'Missing parameter: email' });
    const res = await post({
      username: 'pending',
      email: 'p@example.org',
      password: 'long enough',
      agreement: true,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      message: 'You have been registered. Please check your email for further instructions.',
      identifier: 'missing_confirmed_email',
    });
  });
});
