import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { userWithToken } from '../helpers/accounts.js';
import { type AccountsApp, useAccountsApp } from '../helpers/accountsApi.js';
import { appendsNothing } from '../helpers/eventLog.js';

let { t, appBearer } = {} as AccountsApp;
useAccountsApp((made) => ({ t, appBearer } = made));

describe('reading accounts', () => {
  let alice: Awaited<ReturnType<typeof userWithToken>>;
  beforeAll(async () => {
    alice = await userWithToken(t, 'alice');
  });

  it('verify_credentials needs a user token with read:accounts', async () => {
    const anonymous = await request(t.app).get('/api/v1/accounts/verify_credentials');
    expect(anonymous.status).toBe(403);
    expect(anonymous.body).toEqual({ error: 'Invalid credentials.' });
    const appOnly = await request(t.app)
      .get('/api/v1/accounts/verify_credentials')
      .set('Authorization', appBearer);
    expect(appOnly.status).toBe(403);
    const narrow = await userWithToken(t, 'narrow', ['write']);
    const res = await request(t.app)
      .get('/api/v1/accounts/verify_credentials')
      .set('Authorization', `Bearer ${narrow.token}`);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: 'Insufficient permissions: read:accounts.' });
  });

  it('verify_credentials also accepts HTTP Basic', async () => {
    const res = await request(t.app).get('/api/v1/accounts/verify_credentials').auth('alice', alice.password);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(alice.account.id);
  });

  it('shows an account by id or nickname, without the self-only fields for others', async () => {
    for (const id of [alice.account.id, 'alice', 'alice@localhost:4000']) {
      const res = await request(t.app).get(`/api/v1/accounts/${id}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: alice.account.id, acct: 'alice', source: { note: '' } });
      expect(res.body.pleroma).not.toHaveProperty('email');
      expect(res.body.source).not.toHaveProperty('privacy');
    }
    const own = await request(t.app)
      .get(`/api/v1/accounts/${alice.account.id}`)
      .set('Authorization', `Bearer ${alice.token}`);
    expect(own.body.pleroma.email).toBe('alice@example.org');
  });

  it.each(['999999', 'nobody', '%E2%9C%93', "x'; drop table accounts; --"])(
    "answers 404 Can't find user for %s",
    async (id) => {
      const res = await request(t.app).get(`/api/v1/accounts/${encodeURIComponent(id)}`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: "Can't find user" });
    },
  );

  it('looks an account up by acct', async () => {
    for (const acct of ['alice', '@alice', 'ALICE@localhost:4000']) {
      const res = await request(t.app).get('/api/v1/accounts/lookup').query({ acct });
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(alice.account.id);
    }
    const unknown = await request(t.app)
      .get('/api/v1/accounts/lookup')
      .query({ acct: 'alice@elsewhere.example' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: "Can't find user" });
    const missing = await request(t.app).get('/api/v1/accounts/lookup');
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('Missing field: acct.');
  });
});

describe('PATCH /api/v1/accounts/update_credentials', () => {
  let bob: Awaited<ReturnType<typeof userWithToken>>;
  const patch = () =>
    request(t.app).patch('/api/v1/accounts/update_credentials').set('Authorization', `Bearer ${bob.token}`);
  beforeAll(async () => {
    bob = await userWithToken(t, 'bob');
  });

  it('updates the profile from JSON and answers the self view', async () => {
    const res = await patch().send({
      display_name: 'Bob <3',
      note: 'line one\nline two',
      locked: true,
      bot: 'true',
      discoverable: '1',
      hide_followers: true,
      source: { privacy: 'unlisted' },
      fields_attributes: [
        { name: 'web', value: 'https://bob.example' },
        { name: '', value: '' },
        // Pleroma's put_fields drops a field without a name, whatever its value.
        { name: '', value: 'orphan value' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      display_name: 'Bob <3',
      note: 'line one<br/>line two',
      locked: true,
      bot: true,
      fields: [
        {
          name: 'web',
          value: '<a href="https://bob.example" rel="ugc">https://bob.example</a>',
          verified_at: null,
        },
      ],
      source: {
        note: 'line one\nline two',
        privacy: 'unlisted',
        fields: [{ name: 'web', value: 'https://bob.example' }],
        pleroma: { discoverable: true, actor_type: 'Service' },
      },
      pleroma: { hide_followers: true, email: 'bob@example.org' },
    });
    const shown = await request(t.app).get('/api/v1/accounts/bob');
    expect(shown.body).toMatchObject({ display_name: 'Bob <3', locked: true });
  });

  it('accepts form-encoded fields_attributes and booleans', async () => {
    const res = await patch()
      .type('form')
      .send(
        'locked=false&fields_attributes[0][name]=a&fields_attributes[0][value]=b&fields_attributes[1][name]=c&fields_attributes[1][value]=d',
      );
    expect(res.status).toBe(200);
    expect(res.body.locked).toBe(false);
    expect(res.body.source.fields).toEqual([
      { name: 'a', value: 'b' },
      { name: 'c', value: 'd' },
    ]);
  });

  it('appends nothing when nothing changes', async () => {
    await appendsNothing(t, async () => {
      const res = await patch().send({ locked: false });
      expect(res.status).toBe(200);
    });
  });

  it.each([
    [{ note: 'x'.repeat(5001) }, 413, 'Bio is too long'],
    [{ display_name: 'x'.repeat(101) }, 413, 'Name is too long'],
    [{ locked: { nested: true } }, 400, undefined],
    [{ source: { privacy: 'everyone' } }, 400, undefined],
    [{ fields_attributes: 'nope' }, 400, undefined],
  ])('answers %j with %i and appends nothing', async (body, status, error) => {
    await appendsNothing(t, async () => {
      const res = await patch().send(body);
      expect(res.status).toBe(status);
      expect(typeof res.body.error).toBe('string');
      if (error) expect(res.body.error).toBe(error);
    });
  });

  it('needs write:accounts', async () => {
    const reader = await userWithToken(t, 'reader', ['read']);
    const res = await request(t.app)
      .patch('/api/v1/accounts/update_credentials')
      .set('Authorization', `Bearer ${reader.token}`)
      .send({ locked: true });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: 'Insufficient permissions: write:accounts.' });
  });
});
