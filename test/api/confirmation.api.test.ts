import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appToken, userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { loginClient } from '../helpers/login.js';

let t: TestApp;
let appBearer: string;
let login: Awaited<ReturnType<typeof loginClient>>;

beforeAll(async () => {
  t = await createTestApp({ env: { ACCOUNT_ACTIVATION_REQUIRED: 'true' } });
  appBearer = `Bearer ${(await appToken(t)).token}`;
  login = await loginClient(t);
});
afterAll(() => t.close());

const PASSWORD = 'long enough';
const register = (username: string) =>
  request(t.app)
    .post('/api/v1/accounts')
    .set('Authorization', appBearer)
    .send({ username, email: `${username}@example.org`, password: PASSWORD, agreement: true });

/** The confirmation link of the last mail to `address`, as a path on this server. */
function lastLink(address: string): string {
  const mail = t.mail.to(address).at(-1);
  const link = mail?.text.match(/http:\/\/localhost:4000(\/api\/account\/confirm_email\/\d+\/[\w-]+)/)?.[1];
  if (!link) throw new Error(`no confirmation link mailed to ${address}`);
  return link;
}

const resend = (query: Record<string, string>, ip: string) =>
  request(t.app).post('/api/v1/pleroma/accounts/confirmation_resend').set('X-Forwarded-For', ip).query(query);

describe('registration with ACCOUNT_ACTIVATION_REQUIRED', () => {
  it('mails a link; the account cannot log in until the link confirms it', async () => {
    const res = await register('c_alice');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      message: 'You have been registered. Please check your email for further instructions.',
      identifier: 'missing_confirmed_email',
    });
    const [mail] = t.mail.to('c_alice@example.org');
    expect(mail).toMatchObject({ subject: 'Annals account confirmation' });
    expect(mail!.html).toContain('activate your account');

    const refused = await login('c_alice', PASSWORD);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      error: 'Your login is missing a confirmed e-mail address',
      identifier: 'missing_confirmed_email',
    });

    const link = lastLink('c_alice@example.org');
    const confirmed = await request(t.app).get(link);
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.location).toBe('/');
    const token = (await login('c_alice', PASSWORD)).body.access_token;
    const me = await request(t.app)
      .get('/api/v1/accounts/verify_credentials')
      .set('Authorization', `Bearer ${token}`);
    expect(me.body.pleroma.is_confirmed).toBe(true);

    const again = await request(t.app).get(link);
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: 'Invalid or expired confirmation link' });
  });

  it('refuses a wrong token or an unknown account, appending nothing', async () => {
    await register('c_wrong').expect(200);
    const link = lastLink('c_wrong@example.org');
    await appendsNothing(t, async () => {
      const wrong = await request(t.app).get(link.replace(/\/[\w-]+$/, '/not-the-token'));
      expect(wrong.status).toBe(400);
      const unknown = await request(t.app).get('/api/account/confirm_email/12345/whatever');
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual({ error: 'Record not found' });
    });
    expect((await login('c_wrong', PASSWORD)).status).toBe(403);
  });
});

describe('POST /api/v1/pleroma/accounts/confirmation_resend (§5.5)', () => {
  it('mails a new link by address or nickname; every link sent works', async () => {
    await register('c_bob').expect(200);
    const first = lastLink('c_bob@example.org');
    const byEmail = await resend({ email: 'c_bob@example.org' }, '10.0.0.1');
    expect(byEmail.status).toBe(204);
    expect(byEmail.text).toBe('');
    await resend({ nickname: 'c_bob' }, '10.0.0.1').expect(204);
    expect(t.mail.to('c_bob@example.org')).toHaveLength(3);
    expect(lastLink('c_bob@example.org')).not.toBe(first);
    await request(t.app).get(first).expect(302);
    expect((await login('c_bob', PASSWORD)).status).toBe(200);
  });

  it('answers 204 and mails nobody for an unknown user or a confirmed one', async () => {
    const { account } = await userWithToken(t, 'c_confirmed');
    const before = t.mail.sent.length;
    await appendsNothing(t, async () => {
      await resend({ email: 'nobody@example.org' }, '10.0.0.2').expect(204);
      await resend({ nickname: 'nobody' }, '10.0.0.2').expect(204);
      await resend({ nickname: account.nickname }, '10.0.0.2').expect(204);
    });
    expect(t.mail.sent.length).toBe(before);
  });

  it('answers 400 when neither email nor nickname is given', async () => {
    const res = await resend({}, '10.0.0.3');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('Missing field: email.');
  });

  it('throttles a client address after five requests, and one mailbox from many addresses', async () => {
    for (let i = 0; i < 5; i++) await resend({ email: `x${i}@example.org` }, '10.0.0.4').expect(204);
    const throttled = await resend({ email: 'y@example.org' }, '10.0.0.4');
    expect(throttled.status).toBe(429);
    expect(throttled.body).toEqual({ error: 'Throttled' });

    for (let i = 0; i < 5; i++) await resend({ email: 'victim@example.org' }, `10.0.1.${i}`).expect(204);
    expect((await resend({ email: 'Victim@example.org' }, '10.0.2.1')).status).toBe(429);
  });
});
