import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { storedEvents, type User, usersWithTokens } from '../helpers/relationships.js';

let t: TestApp;
let alice: User;
let bob: User;
let carol: User;
let dave: User;
let locked: User;

const bearer = (user: User) => `Bearer ${user.token}`;
const post = (user: User, path: string, body: object = {}) =>
  request(t.app).post(path).set('Authorization', bearer(user)).send(body);
const get = (user: User | null, path: string) => {
  const req = request(t.app).get(path);
  return user ? req.set('Authorization', bearer(user)) : req;
};
const act = (user: User, target: User, action: string, body: object = {}) =>
  post(user, `/api/v1/accounts/${target.account.id}/${action}`, body);

async function relationship(user: User, target: User) {
  const res = await get(user, `/api/v1/accounts/relationships?id=${target.account.id}`);
  expect(res.status).toBe(200);
  return res.body[0];
}

beforeAll(async () => {
  t = await createTestApp();
  [alice, bob, carol, dave, locked] = await usersWithTokens(t, [
    'alice',
    'bob',
    'carol',
    'dave',
    'locked',
  ] as const);
  const lock = await request(t.app)
    .patch('/api/v1/accounts/update_credentials')
    .set('Authorization', bearer(locked))
    .send({ locked: true });
  expect(lock.status).toBe(200);
});
afterAll(() => t.close());

describe('follow and unfollow', () => {
  it('answers the Relationship entity with exactly the keys of §12.2', async () => {
    const res = await act(alice, bob, 'follow');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: bob.account.id,
      following: true,
      followed_by: false,
      blocking: false,
      blocked_by: false,
      muting: false,
      muting_notifications: false,
      subscribing: false,
      notifying: false,
      requested: false,
      domain_blocking: false,
      showing_reblogs: true,
      endorsed: false,
      note: '',
    });
    expect((await relationship(bob, alice)).followed_by).toBe(true);
  });

  it('shows the counts on both Accounts', async () => {
    const bobView = await get(alice, `/api/v1/accounts/${bob.account.id}`);
    expect(bobView.body.followers_count).toBe(1);
    const self = await get(alice, '/api/v1/accounts/verify_credentials');
    expect(self.body.following_count).toBe(1);
  });

  it('changes reblogs and notify on a second follow without a second Followed', async () => {
    const res = await act(alice, bob, 'follow', { reblogs: false, notify: true });
    expect(res.body).toMatchObject({
      following: true,
      showing_reblogs: false,
      subscribing: true,
      notifying: true,
    });
    const again = await act(alice, bob, 'follow', { notify: 'false' });
    expect(again.body).toMatchObject({ showing_reblogs: false, subscribing: false });
    const events = await storedEvents(t, ['Followed']);
    expect(
      events.filter((e) => e.type === 'Followed' && e.data.followerId === alice.account.id),
    ).toHaveLength(1);
  });

  it('unfollows, and a second unfollow is Pleroma\'s 400 "Not subscribed!"', async () => {
    expect((await act(alice, bob, 'unfollow')).body).toMatchObject({ following: false, subscribing: false });
    const res = await act(alice, bob, 'unfollow');
    expect([res.status, res.body]).toEqual([400, { error: 'Not subscribed!' }]);
  });

  it("refuses following or unfollowing yourself with Pleroma's texts, storing nothing", async () => {
    await appendsNothing(t, async () => {
      const follow = await act(alice, alice, 'follow');
      expect([follow.status, follow.body]).toEqual([400, { error: 'Can not follow yourself' }]);
      const unfollow = await act(alice, alice, 'unfollow');
      expect([unfollow.status, unfollow.body]).toEqual([400, { error: 'Can not unfollow yourself' }]);
    });
  });

  it('answers unknown ids with 404 Record not found', async () => {
    await appendsNothing(t, async () => {
      for (const action of ['follow', 'unfollow', 'block', 'mute', 'followers']) {
        const res =
          action === 'followers'
            ? await get(alice, '/api/v1/accounts/doesntexist/followers')
            : await post(alice, `/api/v1/accounts/doesntexist/${action}`);
        expect([res.status, res.body]).toEqual([404, { error: 'Record not found' }]);
      }
    });
  });
});

describe('follow requests of a locked account', () => {
  it('makes a request, listed for the locked account and counted on its own Account', async () => {
    const res = await act(carol, locked, 'follow');
    expect(res.body).toMatchObject({ following: false, requested: true });
    const list = await get(locked, '/api/v1/follow_requests');
    expect(list.body.map((a: { id: string }) => a.id)).toEqual([carol.account.id]);
    expect((await get(locked, '/api/v1/accounts/verify_credentials')).body.follow_requests_count).toBe(1);
  });

  it('cancels a request on unfollow', async () => {
    await act(dave, locked, 'follow');
    expect((await act(dave, locked, 'unfollow')).body).toMatchObject({ following: false, requested: false });
  });

  it('authorizes: the requester follows, the request is gone', async () => {
    const res = await post(locked, `/api/v1/follow_requests/${carol.account.id}/authorize`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: carol.account.id, followed_by: true });
    expect((await relationship(carol, locked)).following).toBe(true);
    expect((await get(locked, '/api/v1/follow_requests')).body).toEqual([]);
  });

  it('rejects a request; answering a request that does not exist is 404', async () => {
    await act(dave, locked, 'follow');
    const res = await post(locked, `/api/v1/follow_requests/${dave.account.id}/reject`);
    expect(res.body).toMatchObject({ followed_by: false });
    expect((await relationship(dave, locked)).requested).toBe(false);
    const missing = await post(locked, `/api/v1/follow_requests/${dave.account.id}/authorize`);
    expect([missing.status, missing.body]).toEqual([404, { error: 'Record not found' }]);
  });
});

describe('blocks', () => {
  it("blocking removes the follows both ways and the blocked one's subscription", async () => {
    await act(bob, dave, 'follow');
    await act(dave, bob, 'follow', { notify: true });
    const res = await act(bob, dave, 'block');
    expect(res.body).toMatchObject({ blocking: true, following: false, followed_by: false });
    expect(await relationship(dave, bob)).toMatchObject({
      blocked_by: true,
      following: false,
      subscribing: false,
    });
  });

  it("refuses a follow and a subscription by the blocked account with Pleroma's 403 texts", async () => {
    await appendsNothing(t, async () => {
      const follow = await act(dave, bob, 'follow');
      expect([follow.status, follow.body]).toEqual([
        403,
        { error: 'Could not follow user: bob blocked you.' },
      ]);
      const subscribe = await post(dave, `/api/v1/pleroma/accounts/${bob.account.id}/subscribe`);
      expect([subscribe.status, subscribe.body]).toEqual([
        403,
        { error: 'Could not subscribe: bob is blocking you' },
      ]);
    });
  });

  it("lists blocks, and unblocking twice is Pleroma's 403 not_blocking", async () => {
    expect((await get(bob, '/api/v1/blocks')).body.map((a: { id: string }) => a.id)).toEqual([
      dave.account.id,
    ]);
    expect((await act(bob, dave, 'unblock')).body).toMatchObject({ blocking: false });
    const again = await act(bob, dave, 'unblock');
    expect([again.status, again.body]).toEqual([403, { error: 'not_blocking' }]);
  });
});

describe('mutes', () => {
  it('mutes with and without notifications and an end, listed with mute_expires_at', async () => {
    expect((await act(carol, alice, 'mute')).body).toMatchObject({
      muting: true,
      muting_notifications: true,
    });
    const res = await act(carol, bob, 'mute', { notifications: 'false', duration: '86400' });
    expect(res.body).toMatchObject({ muting: true, muting_notifications: false });
    const list = await get(carol, '/api/v1/mutes');
    const byId = new Map(list.body.map((a: { id: string; mute_expires_at: string | null }) => [a.id, a]));
    expect((byId.get(alice.account.id) as { mute_expires_at: unknown }).mute_expires_at).toBeNull();
    const expires = (byId.get(bob.account.id) as { mute_expires_at: string }).mute_expires_at;
    expect(expires).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Math.abs(Date.parse(expires) - (Date.now() + 86_400_000))).toBeLessThan(5_000);
  });

  it('refuses a duration past 2^31-1 seconds with 400, storing nothing (1e308 was a 500, 8e12 a stuck read model)', async () => {
    for (const duration of [1e308, 8e12, '99999999999999999999']) {
      await appendsNothing(t, async () => {
        const res = await act(carol, dave, 'mute', { duration });
        expect([res.status, res.body.error]).toEqual([400, 'duration - must be at most 2147483647 seconds.']);
      });
    }
    const res = await act(carol, dave, 'mute', { expires_in: 2 ** 31 });
    expect([res.status, res.body.error]).toEqual([400, 'expires_in - must be at most 2147483647 seconds.']);
    expect((await relationship(carol, dave)).muting).toBe(false);
  });

  it('takes durations as Pleroma casts integers: a fraction is refused, a negative one mutes for good', async () => {
    await appendsNothing(t, async () => {
      const res = await act(carol, dave, 'mute', { duration: -1.5 });
      expect([res.status, res.body.error]).toEqual([400, 'duration - Invalid integer. Got: -1.5.']);
    });
    const res = await act(carol, dave, 'mute', { duration: '-5' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ muting: true });
    const mutes = await get(carol, '/api/v1/mutes');
    const muted = mutes.body.find((a: { id: string }) => a.id === dave.account.id);
    expect(muted).toMatchObject({ mute_expires_at: null });
    await act(carol, dave, 'unmute');
  });

  it('unmutes (twice is fine)', async () => {
    expect((await act(carol, alice, 'unmute')).body).toMatchObject({ muting: false });
    expect((await act(carol, alice, 'unmute')).status).toBe(200);
  });
});

describe('subscriptions (§5.1)', () => {
  it('subscribes without following and unsubscribes', async () => {
    const path = `/api/v1/pleroma/accounts/${carol.account.id}/subscribe`;
    expect((await post(alice, path)).body).toMatchObject({
      subscribing: true,
      notifying: true,
      following: false,
    });
    const legacy = await post(alice, `/api/pleroma/accounts/${carol.account.id}/unsubscribe`);
    expect(legacy.body).toMatchObject({ subscribing: false, notifying: false });
  });
});

describe('relationships, followers and following lists', () => {
  it('answers id[] in the order asked, unknown ids left out, and [] without ids', async () => {
    const res = await get(
      alice,
      `/api/v1/accounts/relationships?id[]=${carol.account.id}&id[]=nobody&id[]=${bob.account.id}`,
    );
    expect(res.body.map((r: { id: string }) => r.id)).toEqual([carol.account.id, bob.account.id]);
    expect((await get(alice, '/api/v1/accounts/relationships')).body).toEqual([]);
  });

  it('refuses more than 1000 ids with 400 (70,000 were more bind parameters than PostgreSQL takes: a 500)', async () => {
    const ids = Array.from({ length: 70_000 }, (_, i) => String(i));
    const res = await request(t.app)
      .get('/api/v1/accounts/relationships')
      .set('Authorization', bearer(alice))
      .send({ id: ids });
    expect([res.status, res.body.error]).toEqual([400, 'id - names more than 1000 accounts.']);
    const most = [bob.account.id, ...ids.slice(0, 999)];
    const ok = await request(t.app)
      .get('/api/v1/accounts/relationships')
      .set('Authorization', bearer(alice))
      .send({ id: most });
    expect(ok.body.map((r: { id: string }) => r.id)).toEqual([bob.account.id]);
  });

  it('paginates followers newest account first with Link headers', async () => {
    for (const user of [alice, bob, dave]) await act(user, carol, 'follow');
    const ids = [alice, bob, dave]
      .map((u) => u.account.id)
      .sort()
      .reverse();
    const first = await get(null, `/api/v1/accounts/${carol.account.id}/followers?limit=2`);
    expect(first.body.map((a: { id: string }) => a.id)).toEqual(ids.slice(0, 2));
    expect(first.headers.link).toContain(`max_id=${ids[1]}`);
    const next = await get(null, `/api/v1/accounts/${carol.account.id}/followers?limit=2&max_id=${ids[1]}`);
    expect(next.body.map((a: { id: string }) => a.id)).toEqual([ids[2]]);
    const following = await get(null, `/api/v1/accounts/${alice.account.id}/following`);
    expect(following.body.map((a: { id: string }) => a.id)).toContain(carol.account.id);
  });

  it('hides followers and follows from others when the owner asks, not from the owner', async () => {
    await request(t.app)
      .patch('/api/v1/accounts/update_credentials')
      .set('Authorization', bearer(carol))
      .send({ hide_followers: true, hide_followers_count: true });
    expect((await get(alice, `/api/v1/accounts/${carol.account.id}/followers`)).body).toEqual([]);
    expect((await get(carol, `/api/v1/accounts/${carol.account.id}/followers`)).body).toHaveLength(3);
    expect((await get(alice, `/api/v1/accounts/${carol.account.id}`)).body.followers_count).toBe(0);
    expect((await get(carol, '/api/v1/accounts/verify_credentials')).body.followers_count).toBe(3);
  });
});
