import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountHistory, formatHistory } from '../../src/cli/audit.js';
import { accountStream } from '../../src/domain/account/index.js';
import { findAccountById } from '../../src/projections/accounts/queries.js';
import { findAliasNicknames } from '../../src/projections/aliases/queries.js';
import { listAccountTokens } from '../../src/projections/oauth/queries.js';
import { findSealedSettings } from '../../src/projections/settings/queries.js';
import { appToken, userWithToken } from '../helpers/accounts.js';
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
const me = (token: string) => request(t.app).get('/api/v1/accounts/verify_credentials').set(bearer(token));

/**
 * Until the lifecycle process has finished the account's deletion (its tokens revoked, its address released):
 * what it appends must not land in a later test's count of the log.
 */
async function deletionFinished(accountId: string) {
  const deleted = (await t.deps.eventStore.readStream(accountStream(accountId))).at(-1)!;
  expect(deleted.type).toBe('AccountDeleted');
  await t.processes.waitFor(['process:account-lifecycle'], deleted.position);
}

describe('POST /api/pleroma/delete_account (§1.7)', () => {
  it('purges the account, shreds its secrets, frees its address and keeps its nickname taken', async () => {
    const { account, token, password } = await userWithToken(t, 'del_alice');
    await userWithToken(t, 'del_bob');
    const second = (await login('del_alice', password)).body.access_token as string;
    await request(t.app)
      .put('/api/pleroma/aliases')
      .set(bearer(token))
      .send({ alias: 'del_bob' })
      .expect(200);
    await request(t.app)
      .patch('/api/v1/pleroma/settings/soapbox_fe')
      .set(bearer(token))
      .send({ theme: 'dark', muted: ['words'] })
      .expect(200);
    await request(t.app)
      .patch('/api/v1/accounts/update_credentials')
      .set(bearer(token))
      .send({ display_name: 'Alice', note: 'my bio' })
      .expect(200);

    const res = await request(t.app)
      .post('/api/pleroma/delete_account')
      .set(bearer(token))
      .send({ password });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'success' });

    // The very next request: the tokens no longer authenticate, the profile is gone.
    await me(token).expect(403);
    await me(second).expect(403);
    const profile = await request(t.app).get(`/api/v1/accounts/${account.id}`);
    expect(profile.status).toBe(404);
    expect(profile.body).toEqual({ error: "Can't find user" });
    expect((await login('del_alice', password)).status).toBe(400);

    // Every read model purged as §1.7 lists; id and nickname stay.
    expect(await findAccountById(t.deps.db, account.id)).toMatchObject({
      id: account.id,
      nickname: 'del_alice',
      emailEncrypted: null,
      emailIndex: null,
      passwordHashEncrypted: null,
      displayName: null,
      note: '',
      noteHtml: '',
      fields: [],
      alsoKnownAs: [],
      isActive: false,
      isAdmin: false,
      discoverable: false,
    });
    expect(await findAliasNicknames(t.deps.db, account.id)).toEqual([]);
    expect((await findSealedSettings(t.deps.db, account.id)).size).toBe(0);
    expect(await t.deps.keys.keyStatus(account.id)).toBe('destroyed');

    // The process finishes: tokens revoked in the log, the address released.
    await deletionFinished(account.id);
    const events = await t.deps.eventStore.readStream(accountStream(account.id));
    expect(await listAccountTokens(t.deps.db, account.id)).toEqual([]);
    const { token: app } = await appToken(t);
    const register = (username: string, email: string) =>
      request(t.app)
        .post('/api/v1/accounts')
        .set(bearer(app))
        .send({ username, email, password: 'long enough', agreement: true });
    expect((await register('del_newcomer', 'del_alice@example.org')).status).toBe(200);
    const again = await register('del_alice', 'other@example.org');
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: '{"nickname":["has already been taken"]}' });

    // The sealed values in the old events are unreadable for good.
    const registered = events.find((event) => event.type === 'AccountRegistered')!;
    expect(await t.deps.keys.decrypt(account.id, registered.data.email as string)).toBeNull();
  });

  it('keeps the history auditable, its secrets shown as [shredded]', async () => {
    const { account, token, password } = await userWithToken(t, 'del_audit');
    await request(t.app)
      .patch('/api/v1/pleroma/settings/pleroma_fe')
      .set(bearer(token))
      .send({ a: 1 })
      .expect(200);
    await request(t.app)
      .post('/api/pleroma/delete_account')
      .set(bearer(token))
      .send({ password })
      .expect(200);
    await deletionFinished(account.id);

    const history = await accountHistory(t.deps, 'del_audit');
    expect(history?.accountId).toBe(account.id);
    const types = history!.entries.map((entry) => entry.type);
    expect(types).toEqual(
      expect.arrayContaining(['NicknameReserved', 'AccountRegistered', 'SettingsUpdated', 'AccountDeleted']),
    );
    const registered = history!.entries.find((entry) => entry.type === 'AccountRegistered')!;
    expect(registered.data).toMatchObject({
      nickname: 'del_audit',
      email: '[shredded]',
      passwordHash: '[shredded]',
    });
    const settings = history!.entries.find((entry) => entry.type === 'SettingsUpdated')!;
    expect(settings.data).toMatchObject({ app: 'pleroma_fe', patch: '[shredded]', value: '[shredded]' });
    const printed = formatHistory(history!, { asOf: new Date() }).join('\n');
    expect(printed).toContain('[shredded]');
    expect(printed).not.toContain('[redacted]');
    expect(printed).toContain('deleted: yes');
  });

  it('takes the password from the query when the body has none; the body wins', async () => {
    const { account, token, password } = await userWithToken(t, 'del_query');
    await appendsNothing(t, async () => {
      const res = await request(t.app)
        .post('/api/pleroma/delete_account')
        .query({ password })
        .set(bearer(token))
        .send({ password: 'wrong' });
      expect(res.body).toEqual({ error: 'Invalid password.' });
    });
    const res = await request(t.app)
      .post('/api/pleroma/delete_account')
      .query({ password })
      .set(bearer(token));
    expect(res.body).toEqual({ status: 'success' });
    await deletionFinished(account.id);
  });

  it.each([
    ['a wrong password', { password: 'wrong' }, 200, { error: 'Invalid password.' }],
    ['no password', {}, 200, { error: 'Invalid password.' }],
    ['a blank password', { password: '' }, 200, { error: 'Invalid password.' }],
    ['an oversized password', { password: 'x'.repeat(5000) }, 400, { error: 'password - is too long.' }],
    ['a number', { password: 12345 }, 400, { error: 'password - Invalid string. Got: 12345.' }],
  ])('answers %s with %i %j; the account stays', async (_name, body, status, expected) => {
    const { token } = await userWithToken(t, `del_${Math.random().toString(36).slice(2, 10)}`);
    await appendsNothing(t, async () => {
      const res = await request(t.app).post('/api/pleroma/delete_account').set(bearer(token)).send(body);
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject(expected);
    });
    await me(token).expect(200);
  });
});

describe('POST /api/pleroma/disable_account (§1.8)', () => {
  it('disables: tokens fail on the next request and login answers account_is_disabled', async () => {
    const { account, token, password } = await userWithToken(t, 'dis_alice');
    const res = await request(t.app)
      .post('/api/pleroma/disable_account')
      .query({ password })
      .set(bearer(token));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'success' });
    await me(token).expect(403);
    const refused = await login('dis_alice', password);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      error: 'Your account is currently disabled',
      identifier: 'account_is_disabled',
    });
    await request(t.app).get(`/api/v1/accounts/${account.id}`).expect(404);
    // Not deleted: the profile and the address are kept.
    expect(await findAccountById(t.deps.db, account.id)).toMatchObject({
      isActive: false,
      emailEncrypted: expect.stringMatching(/^enc:v1:/),
    });
  });

  it('refuses a wrong or missing password with 200 Invalid password.; the account stays active', async () => {
    const { token } = await userWithToken(t, 'dis_bob');
    await appendsNothing(t, async () => {
      for (const query of [{ password: 'wrong' }, {}]) {
        const res = await request(t.app).post('/api/pleroma/disable_account').query(query).set(bearer(token));
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ error: 'Invalid password.' });
      }
    });
    await me(token).expect(200);
  });

  it('exists only under /api/pleroma', async () => {
    const { token, password } = await userWithToken(t, 'dis_v1');
    const res = await request(t.app)
      .post('/api/v1/pleroma/disable_account')
      .query({ password })
      .set(bearer(token));
    expect(res.status).toBe(404);
    await me(token).expect(200);
  });
});
