import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountStream } from '../../src/domain/account/index.js';
import { settingsLimits } from '../../src/domain/account/settings.js';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { appendsNothing } from '../helpers/eventLog.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const show = (token: string, app: string, prefix = '/api/v1/pleroma') =>
  request(t.app).get(`${prefix}/settings/${app}`).set(bearer(token));
const patch = (token: string, app: string, body: unknown, prefix = '/api/v1/pleroma') =>
  request(t.app)
    .patch(`${prefix}/settings/${app}`)
    .set(bearer(token))
    .set('Content-Type', 'application/json')
    .send(typeof body === 'string' ? body : JSON.stringify(body));

describe('GET/PATCH /api/v1/pleroma/settings/:app (§5.7)', () => {
  it('answers {} for an app with no settings', async () => {
    const { token } = await userWithToken(t, 'set_empty');
    const res = await show(token, 'soapbox_fe');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({});
  });

  it("merges recursively as in Pleroma's example, leaving other apps alone", async () => {
    const { token } = await userWithToken(t, 'set_merge');
    await patch(token, 'pleroma_fe', { keep: true }).expect(200);
    const first = await patch(token, 'soapbox_fe', { foo: 'bar', nested: { 1: '2' } });
    expect(first.body).toEqual({ foo: 'bar', nested: { 1: '2' } });
    const merged = await patch(token, 'soapbox_fe', { foo: null, bar: null, nested: { 1: null, 3: null } });
    expect(merged.status).toBe(200);
    expect(merged.body).toEqual({ nested: {} });
    expect((await show(token, 'soapbox_fe')).body).toEqual({ nested: {} });
    expect((await show(token, 'pleroma_fe')).body).toEqual({ keep: true });
  });

  it('works under /api/pleroma too, and keeps each change sealed in the log', async () => {
    const { account, token } = await userWithToken(t, 'set_legacy');
    const res = await patch(token, 'fe', { theme: 'dark', list: [1, 2] }, '/api/pleroma');
    expect(res.body).toEqual({ theme: 'dark', list: [1, 2] });
    expect((await show(token, 'fe', '/api/pleroma')).body).toEqual({ theme: 'dark', list: [1, 2] });
    const events = await t.deps.eventStore.readStream(accountStream(account.id));
    const updated = events.find((event) => event.type === 'SettingsUpdated')!;
    expect(updated.data).toMatchObject({ app: 'fe', patch: expect.stringMatching(/^enc:v1:/) });
    expect(JSON.stringify(updated.data)).not.toContain('dark');
  });

  it('appends nothing for a patch that changes nothing', async () => {
    const { token } = await userWithToken(t, 'set_same');
    await patch(token, 'fe', { a: 1 }).expect(200);
    await appendsNothing(t, async () => {
      expect((await patch(token, 'fe', { a: 1, b: null })).body).toEqual({ a: 1 });
      expect((await patch(token, 'other', {})).body).toEqual({});
      expect((await request(t.app).patch('/api/v1/pleroma/settings/fe').set(bearer(token))).body).toEqual({
        a: 1,
      });
    });
  });

  it('loses neither of two patches made at once', async () => {
    const { token } = await userWithToken(t, 'set_race');
    await Promise.all([
      patch(token, 'fe', { a: 1 }),
      patch(token, 'fe', { b: 2 }),
      patch(token, 'fe', { c: 3 }),
    ]);
    expect((await show(token, 'fe')).body).toEqual({ a: 1, b: 2, c: 3 });
  });

  it('is the store verify_credentials and update_credentials show the owner as pleroma.settings_store', async () => {
    const { account, token } = await userWithToken(t, 'set_store');
    await patch(token, 'pleroma_fe', { theme: 'pleroma-dark' }).expect(200);
    const updated = await request(t.app)
      .patch('/api/v1/accounts/update_credentials')
      .set(bearer(token))
      .send({ display_name: 'Store', pleroma_settings_store: { soapbox_fe: { themeMode: 'light' } } });
    expect(updated.status).toBe(200);
    expect(updated.body.pleroma.settings_store).toEqual({
      pleroma_fe: { theme: 'pleroma-dark' },
      soapbox_fe: { themeMode: 'light' },
    });
    // update_credentials replaces the named app's entry (Pleroma's one-level Map.merge).
    await request(t.app)
      .patch('/api/v1/accounts/update_credentials')
      .set(bearer(token))
      .send({ pleroma_settings_store: { soapbox_fe: { locale: 'en' } } })
      .expect(200);
    const me = await request(t.app).get('/api/v1/accounts/verify_credentials').set(bearer(token));
    expect(me.body.display_name).toBe('Store');
    expect(me.body.pleroma.settings_store).toEqual({
      pleroma_fe: { theme: 'pleroma-dark' },
      soapbox_fe: { locale: 'en' },
    });
    expect((await show(token, 'soapbox_fe')).body).toEqual({ locale: 'en' });
    const other = await request(t.app).get(`/api/v1/accounts/${account.id}`);
    expect(other.body.pleroma.settings_store).toBeUndefined();
  });
});

describe('malformed settings', () => {
  let token: string;
  beforeAll(async () => {
    ({ token } = await userWithToken(t, 'set_bad'));
    await patch(token, 'fe', { kept: true }).expect(200);
  });

  const deep = (levels: number): unknown => (levels === 0 ? 'leaf' : { d: deep(levels - 1) });

  it.each([
    ['an array', [1, 2], 400],
    ['malformed JSON', '{"a": ', 400],
    ['a bare string', '"text"', 400],
    ['nesting past the limit', deep(settingsLimits.depth + 1), 400],
    ['an object past the size limit', { big: 'x'.repeat(settingsLimits.bytes + 1) }, 413],
    ['a body past the request limit', { big: 'x'.repeat(2 * 1024 * 1024) }, 413],
  ])('refuses %s with %i, appending nothing', async (_name, body, status) => {
    await appendsNothing(t, async () => {
      const res = await patch(token, 'fe', body);
      expect(res.status).toBe(status);
      expect(res.body.error).toEqual(expect.any(String));
    });
    expect((await show(token, 'fe')).body).toEqual({ kept: true });
  });

  it('refuses an app name past the limit', async () => {
    await appendsNothing(t, async () => {
      expect((await patch(token, 'a'.repeat(settingsLimits.appName + 1), { a: 1 })).status).toBe(400);
    });
  });

  it('refuses more apps than the store may hold', async () => {
    const { token: many } = await userWithToken(t, 'set_many');
    for (let i = 0; i < settingsLimits.apps; i++) await patch(many, `app${i}`, { i }).expect(200);
    await appendsNothing(t, async () => {
      const res = await patch(many, 'one_more', { a: 1 });
      expect(res.status).toBe(413);
    });
    await patch(many, 'app0', { again: true }).expect(200);
  });

  it('refuses a settings store that is not apps of objects, storing nothing of the request', async () => {
    await appendsNothing(t, async () => {
      for (const store of [{ fe: [1] }, { fe: 'x' }, { fe: deep(settingsLimits.depth + 1) }]) {
        const res = await request(t.app)
          .patch('/api/v1/accounts/update_credentials')
          .set(bearer(token))
          .send({ display_name: 'Changed', pleroma_settings_store: store });
        expect(res.status).toBe(400);
      }
      const res = await request(t.app)
        .patch('/api/v1/accounts/update_credentials')
        .set(bearer(token))
        .send({ display_name: 'Changed', pleroma_settings_store: ['fe'] });
      expect(res.status).toBe(400);
    });
  });
});
