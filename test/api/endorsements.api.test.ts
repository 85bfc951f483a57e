import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { type User, usersWithTokens } from '../helpers/relationships.js';

/** Endorsements (pinned accounts; §5.3 and Mastodon's endorse, pin and their lists), with a limit of 2. */

let t: TestApp;
let ann: User;
let bob: User;
let cy: User;
let dee: User;

beforeAll(async () => {
  t = await createTestApp({ env: { MAX_ENDORSED_USERS: '2' } });
  [ann, bob, cy, dee] = await usersWithTokens(t, ['ann', 'bob', 'cy', 'dee'] as const);
  for (const followed of [bob, cy, dee]) await post(ann, `/api/v1/accounts/${followed.account.id}/follow`);
});
afterAll(() => t.close());

const as = (user: User) => ({ Authorization: `Bearer ${user.token}` });
const post = (user: User, path: string) => request(t.app).post(path).set(as(user)).send({});
const get = (path: string, user?: User) => {
  const req = request(t.app).get(path);
  return user ? req.set(as(user)) : req;
};
const acctsOf = (body: { acct: string }[]) => body.map((account) => account.acct);

describe('endorsing (POST /api/v1/accounts/:id/pin and /endorse)', () => {
  it('endorses a followed account: the Relationship shows it, and every list has it', async () => {
    const pinned = await post(ann, `/api/v1/accounts/${cy.account.id}/pin`);
    expect(pinned.status).toBe(200);
    expect(pinned.body).toMatchObject({ id: cy.account.id, following: true, endorsed: true });
    await post(ann, `/api/v1/accounts/${bob.account.id}/endorse`).expect(200);
    expect(acctsOf((await get('/api/v1/endorsements', ann)).body)).toEqual(['cy', 'bob']);
    expect(acctsOf((await get(`/api/v1/accounts/${ann.account.id}/endorsements`, dee)).body)).toEqual([
      'cy',
      'bob',
    ]);
    const publicList = await get(`/api/v1/pleroma/accounts/${ann.account.id}/endorsements`);
    expect([publicList.status, acctsOf(publicList.body)]).toEqual([200, ['cy', 'bob']]);
    const relationships = await get(
      `/api/v1/accounts/relationships?id[]=${bob.account.id}&id[]=${dee.account.id}`,
      ann,
    );
    expect(relationships.body.map((r: { endorsed: boolean }) => r.endorsed)).toEqual([true, false]);
    const embedded = await get('/api/v1/endorsements?with_relationships=true', ann);
    expect(embedded.body[0].pleroma.relationship).toMatchObject({ id: cy.account.id, endorsed: true });
  });

  it('refuses past the limit, and an account not followed, with Pleroma’s texts, appending nothing', async () => {
    await appendsNothing(t, async () => {
      const full = await post(ann, `/api/v1/accounts/${dee.account.id}/pin`);
      expect([full.status, full.body]).toEqual([
        400,
        { error: 'You have already pinned the maximum number of users' },
      ]);
      const notFollowed = await post(bob, `/api/v1/accounts/${dee.account.id}/pin`);
      expect([notFollowed.status, notFollowed.body]).toEqual([
        400,
        { error: 'Could not endorse: You are not following dee' },
      ]);
      const unknown = await post(ann, '/api/v1/accounts/999999/pin');
      expect([unknown.status, unknown.body]).toEqual([404, { error: 'Record not found' }]);
    });
  });

  it('unendorses (unpin, unendorse): the place is free again; unendorsing twice is no error', async () => {
    const unpinned = await post(ann, `/api/v1/accounts/${bob.account.id}/unpin`);
    expect(unpinned.body).toMatchObject({ id: bob.account.id, endorsed: false });
    await post(ann, `/api/v1/accounts/${bob.account.id}/unendorse`).expect(200);
    await post(ann, `/api/v1/accounts/${dee.account.id}/pin`).expect(200);
    expect(acctsOf((await get('/api/v1/endorsements', ann)).body)).toEqual(['cy', 'dee']);
  });

  it('ends with an unfollow through the API (Pleroma’s CommonAPI.unfollow)', async () => {
    await post(ann, `/api/v1/accounts/${dee.account.id}/unfollow`).expect(200);
    expect(acctsOf((await get('/api/v1/endorsements', ann)).body)).toEqual(['cy']);
    const relationship = (await get(`/api/v1/accounts/relationships?id[]=${dee.account.id}`, ann)).body[0];
    expect(relationship).toMatchObject({ following: false, endorsed: false });
  });

  it('lists leave a deactivated account out, though it keeps its place', async () => {
    await request(t.app)
      .post('/api/pleroma/disable_account')
      .query({ password: cy.password })
      .set(as(cy))
      .expect(200);
    expect(acctsOf((await get('/api/v1/endorsements', ann)).body)).toEqual([]);
    await post(ann, `/api/v1/accounts/${bob.account.id}/pin`).expect(200);
    const full = await post(ann, `/api/v1/accounts/${dee.account.id}/follow`).then(() =>
      post(ann, `/api/v1/accounts/${dee.account.id}/pin`),
    );
    expect(full.body).toEqual({ error: 'You have already pinned the maximum number of users' });
  });

  it('frees the place of a deleted account once unpinned (its id still names it)', async () => {
    await request(t.app)
      .post('/api/pleroma/delete_account')
      .set(as(bob))
      .send({ password: bob.password })
      .expect(200);
    await post(ann, `/api/v1/accounts/${bob.account.id}/unpin`).expect(200);
    await post(ann, `/api/v1/accounts/${dee.account.id}/pin`).expect(200);
    expect(acctsOf((await get('/api/v1/endorsements', ann)).body)).toEqual(['dee']);
  });

  it('answers 404 for an unknown account’s list, and needs a user for the Mastodon lists', async () => {
    expect((await get('/api/v1/pleroma/accounts/999999/endorsements')).status).toBe(404);
    const anonymous = await get(`/api/v1/accounts/${ann.account.id}/endorsements`);
    expect([anonymous.status, anonymous.body]).toEqual([403, { error: 'Invalid credentials.' }]);
  });
});
