import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { bearer, type ClientApp, createClientApp, enableTotp, testClock, totpCode } from '../helpers/mfa.js';

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
let addresses = 0;
/** Each test logs in from its own address, so the per-address throttle of one test leaves the others alone. */
const newAddress = () => `192.0.2.${++addresses}`;

/** An account with TOTP on; its secret; a password grant that answers mfa_required. */
async function mfaUser() {
  const user = await userWithToken(t, `login_user_${++users}`, ['read', 'write', 'follow']);
  const secret = await enableTotp(http, user.token, user.password, clock.now);
  const address = newAddress();
  const passwordGrant = (scope = 'read write') =>
    http.post('/oauth/token').set('X-Forwarded-For', address).type('form').send({
      grant_type: 'password',
      client_id: client.client_id,
      client_secret: client.client_secret,
      username: user.account.nickname,
      password: user.password,
      scope,
    });
  const mfaToken = async (scope?: string) =>
    (await passwordGrant(scope).expect(403)).body.mfa_token as string;
  const challenge = (body: Record<string, unknown>, from = address) =>
    http
      .post('/oauth/mfa/challenge')
      .set('X-Forwarded-For', from)
      .send({ client_id: client.client_id, client_secret: client.client_secret, ...body });
  const nextCode = () => totpCode(secret, clock.now(), 1);
  return { ...user, secret, address, passwordGrant, mfaToken, challenge, nextCode };
}

const eventCount = async () => Number((await t.deps.db('events').count('* as n'))[0]!.n);
const INVALID = { error: 'Invalid code' };

describe('the password grant of an MFA account (§3.7)', () => {
  it('answers 403 mfa_required; a TOTP challenge then issues a working token with the scopes asked', async () => {
    const user = await mfaUser();
    const required = await user.passwordGrant('read').expect(403);
    expect(required.body).toEqual({
      error: 'mfa_required',
      mfa_token: expect.stringMatching(/^[\w-]{43}$/),
      supported_challenge_types: 'totp',
    });
    const res = await user
      .challenge({ mfa_token: required.body.mfa_token, challenge_type: 'totp', code: await user.nextCode() })
      .expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      id: expect.any(String),
      token_type: 'Bearer',
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      expires_in: expect.any(Number),
      scope: 'read',
      created_at: expect.any(Number),
      me: `http://localhost:4000/users/${user.account.nickname}`,
    });
    const me = await http.get('/api/v1/accounts/verify_credentials').set(bearer(res.body.access_token));
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(user.account.id);
  });

  it('accepts a TOTP code once: a replay, even with a new mfa_token, is refused', async () => {
    const user = await mfaUser();
    const code = await user.nextCode();
    await user.challenge({ mfa_token: await user.mfaToken(), challenge_type: 'totp', code }).expect(200);
    const again = { mfa_token: await user.mfaToken(), challenge_type: 'totp', code };
    await user.challenge(again).expect(400, INVALID);
  });

  it('refuses the code that confirmed TOTP', async () => {
    const user = await mfaUser();
    const events = await t.deps.eventStore.readStream(`mfa-${user.account.id}`);
    const confirmedStep = events.find((e) => e.type === 'MfaEnabled')!.data.timeStep as number;
    const code = await totpCode(user.secret, new Date(confirmedStep * 30_000));
    await user
      .challenge({ mfa_token: await user.mfaToken(), challenge_type: 'totp', code })
      .expect(400, INVALID);
  });

  it('lets one of two concurrent uses of a TOTP code win, never both', async () => {
    const user = await mfaUser();
    const body = { mfa_token: await user.mfaToken(), challenge_type: 'totp', code: await user.nextCode() };
    const results = await Promise.all([user.challenge(body), user.challenge(body), user.challenge(body)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400]);
  });

  it('takes a recovery code once, and one of two concurrent uses only', async () => {
    const user = await mfaUser();
    const { codes } = (await http.get('/api/pleroma/accounts/mfa/backup_codes').set(bearer(user.token))).body;
    /** Each with an mfa_token of its own: a success spends the one it was given. */
    const recovery = async (code: string) => {
      const mfa_token = await user.mfaToken();
      return (await user.challenge({ mfa_token, challenge_type: 'recovery', code })).status;
    };
    expect(await recovery(codes[0])).toBe(200);
    expect(await recovery(codes[0])).toBe(400);
    const raced = await Promise.all([recovery(codes[1]), recovery(codes[1])]);
    expect(raced.sort()).toEqual([200, 400]);
    expect(await recovery(codes[2].toUpperCase())).toBe(200);
  });

  it('spends the mfa_token on a success: one mfa_token, one access token (Pleroma’s Authorization.use_token)', async () => {
    const user = await mfaUser();
    const { codes } = (await http.get('/api/pleroma/accounts/mfa/backup_codes').set(bearer(user.token))).body;
    const mfa_token = await user.mfaToken();
    await user.challenge({ mfa_token, challenge_type: 'recovery', code: codes[0] }).expect(200);
    await user.challenge({ mfa_token, challenge_type: 'recovery', code: codes[1] }).expect(400, INVALID);
    await user
      .challenge({ mfa_token, challenge_type: 'totp', code: await user.nextCode() })
      .expect(400, INVALID);
    // The refused attempt did not spend the recovery code it offered.
    const fresh = await user.mfaToken();
    await user.challenge({ mfa_token: fresh, challenge_type: 'recovery', code: codes[1] }).expect(200);
    // Two concurrent successes with one mfa_token: one access token.
    const shared = await user.mfaToken();
    const raced = await Promise.all(
      [codes[2], codes[3]].map((code) =>
        user.challenge({ mfa_token: shared, challenge_type: 'recovery', code }),
      ),
    );
    expect(raced.map((r) => r.status).sort()).toEqual([200, 400]);
  });

  it('after a new setup while enabled, demands MFA with no TOTP type; only recovery codes work (§3.3)', async () => {
    const user = await mfaUser();
    const { codes } = (await http.get('/api/pleroma/accounts/mfa/backup_codes').set(bearer(user.token))).body;
    const { key } = (await http.get('/api/pleroma/accounts/mfa/setup/totp').set(bearer(user.token))).body;
    const required = await user.passwordGrant().expect(403);
    expect(required.body.supported_challenge_types).toBe('');
    const mfa_token = required.body.mfa_token;
    const code = await totpCode(key, clock.now(), 1);
    await user.challenge({ mfa_token, challenge_type: 'totp', code }).expect(400, INVALID);
    await user.challenge({ mfa_token, challenge_type: 'recovery', code: codes[0] }).expect(200);
  });

  it('logs in with the password alone again once MFA is disabled', async () => {
    const user = await mfaUser();
    await http
      .delete('/api/pleroma/accounts/mfa/totp')
      .set(bearer(user.token))
      .send({ password: user.password })
      .expect(200);
    await user.passwordGrant().expect(200);
  });
});

describe('refused challenges', () => {
  it('answer 400 "Invalid code" for every kind of bad input, never a 500, and append nothing', async () => {
    const user = await mfaUser();
    const mfa_token = await user.mfaToken();
    const code = await user.nextCode();
    const before = await eventCount();
    const bad: Record<string, unknown>[] = [
      { mfa_token: 'not-a-token', challenge_type: 'totp', code },
      { mfa_token: { $ne: '' }, challenge_type: 'totp', code },
      { challenge_type: 'totp', code },
      { mfa_token, challenge_type: 'totp', code, client_secret: 'wrong' },
      // Five failures with a valid token: the account's allowance, all answered 400.
      { mfa_token, challenge_type: 'sms', code },
      { mfa_token, code },
      { mfa_token, challenge_type: 'totp' },
      { mfa_token, challenge_type: 'totp', code: 'x'.repeat(50_000) },
      { mfa_token, challenge_type: 'recovery', code: ['a', 'b'] },
    ];
    for (const [i, body] of bad.entries()) {
      // A fresh address each time: this is about the answers, not the throttle.
      const res = await user.challenge(body, `198.51.100.${i + 1}`);
      expect([res.status, res.body], JSON.stringify(body).slice(0, 80)).toEqual([400, INVALID]);
    }
    expect(await eventCount()).toBe(before);
  });

  it('refuses another app’s mfa_token and an expired one', async () => {
    const user = await mfaUser();
    const other = await createClientApp(http);
    const mfa_token = await user.mfaToken();
    const body = { mfa_token, challenge_type: 'totp', code: await user.nextCode() };
    await user
      .challenge({ ...body, client_id: other.client_id, client_secret: other.client_secret })
      .expect(400, INVALID);
    clock.advance(301);
    try {
      const late = { ...body, code: await user.nextCode() };
      await user.challenge(late, newAddress()).expect(400, INVALID);
    } finally {
      clock.advance(-301);
    }
  });

  it('throttles after five failures, per account and per address, with 429 {"error":"Throttled"}', async () => {
    const user = await mfaUser();
    const mfa_token = await user.mfaToken();
    const wrong = { mfa_token, challenge_type: 'recovery', code: 'deadbeefdeadbeef' };
    for (let i = 0; i < 5; i++) await user.challenge(wrong).expect(400, INVALID);
    const right = { mfa_token, challenge_type: 'totp', code: await user.nextCode() };
    const throttled = await user.challenge(right).expect(429, { error: 'Throttled' });
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    // The account is throttled from anywhere, and the address for any account.
    await user.challenge(right, newAddress()).expect(429, { error: 'Throttled' });
    const neighbour = await mfaUser();
    const theirs = {
      mfa_token: await neighbour.mfaToken(),
      challenge_type: 'totp',
      code: await neighbour.nextCode(),
    };
    await neighbour.challenge(theirs, user.address).expect(429, { error: 'Throttled' });
    await neighbour.challenge(theirs).expect(200);

    clock.advance(301);
    try {
      const later = { mfa_token: await user.mfaToken(), challenge_type: 'totp', code: await user.nextCode() };
      await user.challenge(later).expect(200);
    } finally {
      clock.advance(-301);
    }
  });
});
