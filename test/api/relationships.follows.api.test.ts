import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { appendsNothing } from '../helpers/eventLog.js';
import { storedEvents } from '../helpers/relationships.js';
import {
  bearer,
  type RelationshipsApp,
  relationshipRequests,
  useRelationshipsApp,
} from '../helpers/relationshipsApi.js';

let { t, alice, bob, carol, dave, locked } = {} as RelationshipsApp;
useRelationshipsApp((made) => ({ t, alice, bob, carol, dave, locked } = made));

const { post, get, act, relationship } = relationshipRequests(() => t);

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
    const again = await act(alice, bob, 'follow', { reblogs: 'false', notify: 'false' });
    expect(again.body).toMatchObject({ showing_reblogs: false, subscribing: false });
    await act(alice, bob, 'follow', { reblogs: false, notify: true });
    // Absent, they take Pleroma's defaults (its OpenAPI cast fills them in): reblogs shown, no subscription.
    const bare = await act(alice, bob, 'follow');
    expect(bare.body).toMatchObject({ showing_reblogs: true, subscribing: false, notifying: false });
    const events = await storedEvents(t, ['Followed']);
    expect(
      events.filter((e) => e.type === 'Followed' && e.data.followerId === alice.account.id),
    ).toHaveLength(1);
  });

  it("keeps the reblogs choice after an unfollow (Pleroma's reblog mute)", async () => {
    expect((await act(carol, dave, 'follow', { reblogs: false })).body).toMatchObject({
      showing_reblogs: false,
    });
    expect((await act(carol, dave, 'unfollow')).body).toMatchObject({
      following: false,
      showing_reblogs: false,
    });
    expect(await relationship(carol, dave)).toMatchObject({ showing_reblogs: false });
    expect((await act(carol, dave, 'follow', { reblogs: true })).body).toMatchObject({
      showing_reblogs: true,
    });
    await act(carol, dave, 'unfollow');
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
    // reblogs=false shows at once, while the request is pending, as Pleroma's reblog mute does; it outlives
    // the request, as the reblog mute does.
    const requested = await act(dave, locked, 'follow', { reblogs: false });
    expect(requested.body).toMatchObject({ requested: true, showing_reblogs: false });
    expect((await act(dave, locked, 'unfollow')).body).toMatchObject({
      following: false,
      requested: false,
      showing_reblogs: false,
    });
    expect((await act(dave, locked, 'follow')).body).toMatchObject({
      requested: true,
      showing_reblogs: true,
    });
    await act(dave, locked, 'unfollow');
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
