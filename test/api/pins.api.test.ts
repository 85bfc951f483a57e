import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { type User, usersWithTokens } from '../helpers/relationships.js';
import { posted } from '../helpers/statuses.js';

/** Pinned statuses: POST /api/v1/statuses/:id/pin and /unpin, `pinned`, `pleroma.pinned_at`, `pinned=true`. */

let t: TestApp;
let ann: User;
let bob: User;

beforeAll(async () => {
  t = await createTestApp({ env: { MAX_PINNED_STATUSES: '2' } });
  [ann, bob] = await usersWithTokens(t, ['ann', 'bob'] as const);
});
afterAll(() => t.close());

const as = (user: User) => ({ Authorization: `Bearer ${user.token}` });
const post = (user: User, path: string) => request(t.app).post(path).set(as(user)).send({});
const pinnedOf = async (user: User, reader?: User) => {
  const req = request(t.app).get(`/api/v1/accounts/${user.account.id}/statuses?pinned=true`);
  const res = await (reader ? req.set(as(reader)) : req);
  expect(res.status).toBe(200);
  return res.body.map((status: { content: string }) => status.content.replace(/<[^>]+>/g, ''));
};

describe('pinned statuses', () => {
  it('pins an own public status: pinned and pinned_at for every reader, and pinned=true lists it', async () => {
    const status = await posted(t, ann.token, { status: 'look here' });
    await posted(t, ann.token, { status: 'not pinned' });
    const res = await post(ann, `/api/v1/statuses/${status.id}/pin`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: status.id, pinned: true });
    expect(res.body.pleroma.pinned_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const seen = (await request(t.app).get(`/api/v1/statuses/${status.id}`).set(as(bob))).body;
    expect([seen.pinned, seen.pleroma.pinned_at]).toEqual([true, res.body.pleroma.pinned_at]);
    expect(await pinnedOf(ann)).toEqual(['look here']);
    expect(await pinnedOf(ann, bob)).toEqual(['look here']);
    await appendsNothing(t, async () => {
      expect((await post(ann, `/api/v1/statuses/${status.id}/pin`)).body.pinned).toBe(true);
    });
  });

  it('refuses someone else’s, a non-public and one past the limit with Pleroma’s answers, appending nothing', async () => {
    const bobs = await posted(t, bob.token, { status: 'bob says' });
    const guarded = await posted(t, ann.token, { status: 'followers only', visibility: 'private' });
    const second = await posted(t, ann.token, { status: 'second pin' });
    await post(ann, `/api/v1/statuses/${second.id}/pin`).expect(200);
    const third = await posted(t, ann.token, { status: 'third' });
    await appendsNothing(t, async () => {
      const others = await post(ann, `/api/v1/statuses/${bobs.id}/pin`);
      expect([others.status, others.body]).toEqual([
        422,
        { error: "Someone else's status cannot be pinned" },
      ]);
      const hidden = await post(ann, `/api/v1/statuses/${guarded.id}/pin`);
      expect([hidden.status, hidden.body]).toEqual([422, { error: 'Non-public status cannot be pinned' }]);
      const full = await post(ann, `/api/v1/statuses/${third.id}/pin`);
      expect([full.status, full.body]).toEqual([
        400,
        { error: 'You have already pinned the maximum number of statuses' },
      ]);
      const unknown = await post(ann, '/api/v1/statuses/999999/pin');
      expect([unknown.status, unknown.body]).toEqual([404, { error: 'Record not found' }]);
    });
  });

  it('unpins, and a deleted pinned status frees its place', async () => {
    const [first] = (await request(t.app).get(`/api/v1/accounts/${ann.account.id}/statuses?pinned=true`))
      .body;
    const res = await post(ann, `/api/v1/statuses/${first.id}/unpin`);
    expect([res.status, res.body.pinned, res.body.pleroma.pinned_at]).toEqual([200, false, null]);
    expect(await pinnedOf(ann)).toEqual(['look here']);
    const [pinned] = (await request(t.app).get(`/api/v1/accounts/${ann.account.id}/statuses?pinned=true`))
      .body;
    await request(t.app).delete(`/api/v1/statuses/${pinned.id}`).set(as(ann)).expect(200);
    const next = await posted(t, ann.token, { status: 'next' });
    const another = await posted(t, ann.token, { status: 'another' });
    await post(ann, `/api/v1/statuses/${next.id}/pin`).expect(200);
    await post(ann, `/api/v1/statuses/${another.id}/pin`).expect(200);
    expect(await pinnedOf(ann)).toEqual(['another', 'next']);
  });
});
