import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/commands/oauth/index.js';
import { appToken, userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testContext } from '../helpers/context.js';
import { basic, bearer, enableTotp, testClock, totpCode } from '../helpers/mfa.js';

let t: TestApp;
let http: ReturnType<typeof request>;
const clock = testClock();
const MFA = '/api/pleroma/accounts/mfa';

beforeAll(async () => {
  t = await createTestApp({ deps: { clock: clock.now } });
  http = request(t.app);
});

afterAll(async () => {
  await t?.close();
});

let users = 0;
/** A fresh account, a token with every scope, and a way to mint more tokens for it. */
async function newUser() {
  const user = await userWithToken(t, `mfa_user_${++users}`, ['read', 'write', 'follow']);
  const tokenWith = async (scopes: string[]) => {
    const { app } = await appToken(t, scopes);
    const issued = await issueToken(t.deps, {
      accountId: user.account.id,
      appId: app.appId,
      scopes,
      context: testContext(),
    });
    return issued.accessToken;
  };
  return { ...user, tokenWith };
}

const eventCount = async () => Number((await t.deps.db('events').count('* as n'))[0]!.n);

describe('scopes of the MFA endpoints (§3, §0.2, §0.3)', () => {
  const endpoints = [
    { method: 'get', path: MFA, scope: 'read:security', parent: 'read' },
    { method: 'get', path: `${MFA}/setup/totp`, scope: 'write:security', parent: 'write' },
    { method: 'post', path: `${MFA}/confirm/totp`, scope: 'write:security', parent: 'write' },
    { method: 'delete', path: `${MFA}/totp`, scope: 'write:security', parent: 'write' },
    { method: 'get', path: `${MFA}/backup_codes`, scope: 'write:security', parent: 'write' },
  ] as const;

  it.each(endpoints)(
    '$method $path: no token, the wrong scope, the parent and the exact scope',
    async (e) => {
      const user = await newUser();
      const call = (token?: string) => {
        const req = http[e.method](e.path);
        return token ? req.set(bearer(token)) : req;
      };
      await call().expect(403, { error: 'Invalid credentials.' });
      const other = e.scope === 'read:security' ? 'read:accounts' : 'read';
      await call(await user.tokenWith([other])).expect(403, {
        error: `Insufficient permissions: ${e.scope}.`,
      });
      for (const scopes of [[e.parent], [e.scope]]) {
        const res = await call(await user.tokenWith(scopes));
        expect(res.status, `${scopes}`).not.toBe(403);
        expect(res.status, `${scopes}`).toBeLessThan(500);
      }
    },
  );

  it('exists only under /api/pleroma: the /api/v1/pleroma twin is not routed (§0.1)', async () => {
    const user = await newUser();
    for (const path of ['/api/v1/pleroma/accounts/mfa', '/api/v1/pleroma/accounts/mfa/setup/totp']) {
      await http.get(path).set(bearer(user.token)).expect(404, { error: 'Not implemented' });
    }
  });
});

describe('MFA settings (§3.2–§3.6)', () => {
  it('shows MFA off for a new account, with real booleans', async () => {
    const user = await newUser();
    await http
      .get(MFA)
      .set(bearer(user.token))
      .expect(200, { settings: { enabled: false, totp: false } });
  });

  it('sets TOTP up with Pleroma’s provisioning URI and keeps the secret sealed in its event', async () => {
    const user = await newUser();
    await http.get(`${MFA}/setup/sms`).set(bearer(user.token)).expect(400, { error: 'undefined method' });
    const res = await http.get(`${MFA}/setup/totp`).set(bearer(user.token)).expect(200);
    const key: string = res.body.key;
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    expect(res.body).toEqual({
      key,
      provisioning_uri: `otpauth://totp/${user.account.nickname}@example.org?digits=6&issuer=Annals&period=30&secret=${key}`,
    });
    await http
      .get(MFA)
      .set(bearer(user.token))
      .expect(200, { settings: { enabled: false, totp: false } });
    const events = await t.deps.eventStore.readStream(`mfa-${user.account.id}`);
    expect(events.map((e) => e.type)).toEqual(['MfaTotpSetupStarted']);
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain(key);
    expect(events[0]!.data.secret).toMatch(/^enc:v1:/);
  });

  it('confirms TOTP with the password and a code, refusing bad input exactly as Pleroma does', async () => {
    const user = await newUser();
    const confirm = (body: object, method = 'totp') =>
      http.post(`${MFA}/confirm/${method}`).set(bearer(user.token)).send(body);
    await confirm({ password: user.password, code: '123456' }).expect(422, { error: 'invalid_token' });
    const { key } = (await http.get(`${MFA}/setup/totp`).set(bearer(user.token))).body;
    const code = await totpCode(key, clock.now());
    const before = await eventCount();
    await confirm({ code }).expect(400, { error: 'undefined mfa method' });
    await confirm({ password: user.password }).expect(400, { error: 'undefined mfa method' });
    await confirm({ password: user.password, code }, 'sms').expect(400, { error: 'undefined mfa method' });
    await confirm({ password: 'wrong', code }).expect(422, { error: 'Invalid password.' });
    await confirm({ password: 'x'.repeat(100_000), code }).expect(422, { error: 'Invalid password.' });
    await confirm({ password: user.password, code: '000000x' }).expect(422, { error: 'invalid_token' });
    const wrong = code === '000000' ? '111111' : '000000';
    await confirm({ password: user.password, code: wrong }).expect(422, { error: 'invalid_token' });
    await confirm({ password: user.password, code: { $gt: '' } }).expect(400);
    expect(await eventCount()).toBe(before);

    await confirm({ password: user.password, code }).expect(200, {});
    await http
      .get(MFA)
      .set(bearer(user.token))
      .expect(200, { settings: { enabled: true, totp: true } });
  });

  it('generates five fresh backup codes each time, stored only as salted hashes', async () => {
    const user = await newUser();
    const first = await http.get(`${MFA}/backup_codes`).set(bearer(user.token)).expect(200);
    expect(first.body.codes).toHaveLength(5);
    for (const code of first.body.codes) expect(code).toMatch(/^[0-9a-f]{16}$/);
    const second = await http.get(`${MFA}/backup_codes`).set(bearer(user.token)).expect(200);
    expect(second.body.codes).not.toEqual(first.body.codes);
    const events = JSON.stringify(
      (await t.deps.eventStore.readStream(`mfa-${user.account.id}`)).map((e) => e.data),
    );
    for (const code of [...first.body.codes, ...second.body.codes]) expect(events).not.toContain(code);
    await http
      .get(MFA)
      .set(bearer(user.token))
      .expect(200, { settings: { enabled: false, totp: false } });
  });

  it.each(['totp', 'mfa'])('disables MFA with DELETE …/mfa/%s and the password', async (method) => {
    const user = await newUser();
    await enableTotp(http, user.token, user.password, clock.now);
    const disable = (body: object, path = method) =>
      http.delete(`${MFA}/${path}`).set(bearer(user.token)).send(body);
    const before = await eventCount();
    await disable({ password: user.password }, 'sms').expect(400, { error: 'undefined mfa method' });
    await disable({}).expect(422, { error: 'Invalid password.' });
    await disable({ password: 'wrong' }).expect(422, { error: 'Invalid password.' });
    expect(await eventCount()).toBe(before);
    await disable({ password: user.password }).expect(200, {});
    await http
      .get(MFA)
      .set(bearer(user.token))
      .expect(200, { settings: { enabled: false, totp: false } });
    await disable({ password: user.password }).expect(200, {});
    expect(await eventCount()).toBe(before + 1);
  });

  it('refuses HTTP Basic for an account with MFA, with the spec’s message (§0.2)', async () => {
    const user = await newUser();
    const credentials = basic(user.account.nickname, user.password);
    await http.get(MFA).set(credentials).expect(200);
    await enableTotp(http, user.token, user.password, clock.now);
    const refused = { error: 'Two-factor authentication enabled, you must use a access token.' };
    await http.get(MFA).set(credentials).expect(403, refused);
    await http.get('/api/v1/accounts/verify_credentials').set(credentials).expect(403, refused);
    await http.get('/api/v1/accounts/verify_credentials').set(bearer(user.token)).expect(200);
  });

  it('after a new setup while enabled, shows TOTP unconfirmed and MFA still on (§3.3)', async () => {
    const user = await newUser();
    await enableTotp(http, user.token, user.password, clock.now);
    await http.get(`${MFA}/setup/totp`).set(bearer(user.token)).expect(200);
    await http
      .get(MFA)
      .set(bearer(user.token))
      .expect(200, { settings: { enabled: true, totp: false } });
  });
});
