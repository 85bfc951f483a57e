import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliasesProjector } from '../../src/projections/aliases/projector.js';
import { liveTables } from '../../src/projections/projector.js';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { appendsNothing } from '../helpers/eventLog.js';

let t: TestApp;
let alice: { token: string; account: { id: string } };
let readOnly: string;
let writeOnly: string;
const host = 'localhost:4000';

beforeAll(async () => {
  t = await createTestApp();
  alice = await userWithToken(t, 'alice');
  await userWithToken(t, 'bob');
  await userWithToken(t, 'carol');
  readOnly = (await userWithToken(t, 'reader', ['read'])).token;
  writeOnly = (await userWithToken(t, 'writer', ['write'])).token;
});
afterAll(() => t.close());

const bearer = (token: string) => `Bearer ${token}`;
const get = (token = alice.token) =>
  request(t.app).get('/api/pleroma/aliases').set('Authorization', bearer(token));
const put = (body: object, token = alice.token) =>
  request(t.app).put('/api/pleroma/aliases').set('Authorization', bearer(token)).send(body);
const del = (body: object, token = alice.token) =>
  request(t.app).delete('/api/pleroma/aliases').set('Authorization', bearer(token)).send(body);

describe('aliases (§1.10)', () => {
  it('starts empty', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ aliases: [] });
  });

  it('adds aliases by nickname or full nickname, in order, once each', async () => {
    expect((await put({ alias: 'bob' })).body).toEqual({ status: 'success' });
    expect((await put({ alias: `carol@${host}` })).body).toEqual({ status: 'success' });
    await appendsNothing(t, async () =>
      expect((await put({ alias: 'BOB' })).body).toEqual({ status: 'success' }),
    );
    expect((await get()).body).toEqual({ aliases: [`bob@${host}`, `carol@${host}`] });
  });

  it('shows the aliases as ap ids in pleroma.also_known_as', async () => {
    const res = await request(t.app)
      .get('/api/v1/accounts/verify_credentials')
      .set('Authorization', bearer(alice.token));
    expect(res.body.pleroma.also_known_as).toEqual([
      `http://${host}/users/bob`,
      `http://${host}/users/carol`,
    ]);
  });

  it('answers 200 {"error":"not_found"} for an unknown nickname, as Pleroma does, and appends nothing', async () => {
    await appendsNothing(t, async () => {
      const res = await put({ alias: 'nobody' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ error: 'not_found' });
      const removal = await del({ alias: 'nobody@elsewhere.example' });
      expect(removal.status).toBe(200);
      expect(removal.body).toEqual({ error: 'not_found' });
    });
  });

  it('answers an empty alias the same way (Pleroma’s schema sets no minimum length; no account has that name)', async () => {
    await appendsNothing(t, async () => {
      for (const answer of [await put({ alias: '' }), await del({ alias: '' })]) {
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({ error: 'not_found' });
      }
    });
  });

  it('refuses to remove an existing user that is not an alias with 404', async () => {
    await appendsNothing(t, async () => {
      const res = await del({ alias: 'reader' });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: 'Account has no such alias.' });
    });
  });

  it('removes an alias, taking a urlencoded body too', async () => {
    const res = await request(t.app)
      .delete('/api/pleroma/aliases')
      .set('Authorization', bearer(alice.token))
      .type('form')
      .send('alias=bob');
    expect(res.body).toEqual({ status: 'success' });
    expect((await get()).body).toEqual({ aliases: [`carol@${host}`] });
  });

  it('requires the alias field', async () => {
    await appendsNothing(t, async () => {
      for (const res of [await put({}), await del({})]) {
        expect(res.status).toBe(400);
        expect(res.body.error).toBe('Missing field: alias.');
      }
    });
  });

  it('enforces the authenticated pipeline and the scopes', async () => {
    const anonymous = await request(t.app).get('/api/pleroma/aliases');
    expect(anonymous.status).toBe(403);
    expect(anonymous.body).toEqual({ error: 'Invalid credentials.' });
    const cannotRead = await get(writeOnly);
    expect(cannotRead.status).toBe(403);
    expect(cannotRead.body).toEqual({ error: 'Insufficient permissions: read:accounts.' });
    const cannotWrite = await put({ alias: 'bob' }, readOnly);
    expect(cannotWrite.status).toBe(403);
    expect(cannotWrite.body).toEqual({ error: 'Insufficient permissions: write:accounts.' });
    expect((await get(readOnly)).status).toBe(200);
  });

  it('exists only under /api/pleroma, not /api/v1/pleroma', async () => {
    const res = await request(t.app).get('/api/v1/pleroma/aliases').set('Authorization', bearer(alice.token));
    expect(res.status).toBe(404);
  });

  it('leaves the same rows when every event is applied again', async () => {
    const rows = () => t.deps.db('account_aliases').orderBy(['account_id', 'alias_account_id']).select();
    const before = await rows();
    const events = await t.deps.eventStore.readAll({ eventTypes: aliasesProjector.handles });
    await t.deps.db.transaction(async (trx) => {
      for (const event of events) await aliasesProjector.apply(trx, event, liveTables);
    });
    expect(await rows()).toEqual(before);
    expect(before).toHaveLength(1);
  });
});
