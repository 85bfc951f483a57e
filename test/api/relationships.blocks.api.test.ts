import { describe, expect, it } from 'vitest';
import { userWithToken } from '../helpers/accounts.js';
import { appendsNothing } from '../helpers/eventLog.js';
import type { User } from '../helpers/relationships.js';
import {
  type RelationshipsApp,
  relationshipRequests,
  useRelationshipsApp,
} from '../helpers/relationshipsApi.js';

let { t, alice, bob, carol, dave, locked } = {} as RelationshipsApp;
useRelationshipsApp((made) => ({ t, alice, bob, carol, dave, locked } = made));

const { post, get, act, relationship } = relationshipRequests(() => t);

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

describe('blocks and pending follow requests', () => {
  it('a block ends a pending request, whichever of the two blocks', async () => {
    for (const blocker of ['requester', 'requested'] as const) {
      expect((await act(alice, locked, 'follow')).body).toMatchObject({ requested: true });
      const [by, target] = blocker === 'requester' ? [alice, locked] : [locked, alice];
      expect((await act(by, target, 'block')).status).toBe(200);
      expect(await relationship(alice, locked)).toMatchObject({ requested: false, following: false });
      expect((await get(locked, '/api/v1/follow_requests')).body).toEqual([]);
      const counted = await get(locked, '/api/v1/accounts/verify_credentials');
      expect(counted.body.follow_requests_count).toBe(0);
      expect((await act(by, target, 'unblock')).status).toBe(200);
    }
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

  it('keeps muting notifications when muted again without them, as Pleroma only adds that mute', async () => {
    await act(carol, dave, 'mute', { notifications: true });
    const again = await act(carol, dave, 'mute', { notifications: false });
    expect(again.body).toMatchObject({ muting: true, muting_notifications: true });
    await act(carol, dave, 'unmute');
  });

  it('unmutes (twice is fine)', async () => {
    expect((await act(carol, alice, 'unmute')).body).toMatchObject({ muting: false });
    expect((await act(carol, alice, 'unmute')).status).toBe(200);
  });
});

describe('a deactivated account in the lists', () => {
  it('leaves blocks, mutes and followers before the limit, so a page stays full', async () => {
    // Registered one after another, so `gone` has the newest id and heads every page.
    const [keep1, keep2] = [await userWithToken(t, 'keep1'), await userWithToken(t, 'keep2')];
    const gone = await userWithToken(t, 'gone');
    for (const user of [keep1, keep2, gone]) {
      await act(carol, user, 'block');
      await act(dave, user, 'mute');
      await act(user, alice, 'follow');
    }
    const disabled = await post(gone, '/api/pleroma/disable_account', { password: gone.password });
    expect(disabled.body).toEqual({ status: 'success' });
    const listed = async (user: User, path: string) =>
      ((await get(user, `${path}?limit=2`)).body as { id: string }[]).map((account) => account.id).sort();
    const kept = [keep1.account.id, keep2.account.id].sort();
    expect(await listed(carol, '/api/v1/blocks')).toEqual(kept);
    expect(await listed(dave, '/api/v1/mutes')).toEqual(kept);
    expect(await listed(alice, `/api/v1/accounts/${alice.account.id}/followers`)).toEqual(kept);
  });
});
