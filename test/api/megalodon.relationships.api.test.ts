import type { Pleroma } from 'megalodon';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { expectComplete, expectCompleteAccount, pleroma, serveTestApp } from '../helpers/megalodon.js';
import { type User, usersWithTokens } from '../helpers/relationships.js';

/** Relationships through megalodon's Pleroma driver, on a loopback port: what third-party clients do. */
let served: Awaited<ReturnType<typeof serveTestApp>>;
let t: TestApp;
let ann: Pleroma;
let ben: Pleroma;
let cat: Pleroma;
let users: { ann: User; ben: User; cat: User };

beforeAll(async () => {
  served = await serveTestApp();
  t = served.t;
  const [a, b, c] = await usersWithTokens(t, ['ann', 'ben', 'cat'] as const);
  users = { ann: a, ben: b, cat: c };
  [ann, ben, cat] = [a, b, c].map((user) => pleroma(served.baseUrl, user.token)) as [
    Pleroma,
    Pleroma,
    Pleroma,
  ];
  await request(t.app)
    .patch('/api/v1/accounts/update_credentials')
    .set('Authorization', `Bearer ${c.token}`)
    .send({ locked: true });
});
afterAll(() => served?.close());

describe('megalodon (pleroma driver): relationships', () => {
  it('follows, and parses the Relationship whole', async () => {
    // megalodon sends `reblog` (not Pleroma's `reblogs`) and no `notify`: Pleroma ignores it, so do we.
    const { data } = await ann.followAccount(users.ben.account.id, { reblog: false });
    expectComplete(data);
    expect(data).toMatchObject({ following: true, showing_reblogs: true, notifying: false });
    const { data: many } = await ann.getRelationships([users.ben.account.id, users.cat.account.id]);
    expect(many.map((r) => r.following)).toEqual([true, false]);
  });

  it('lists followers and following as Accounts', async () => {
    const { data: followers } = await ben.getAccountFollowers(users.ben.account.id);
    expect(followers.map((a) => a.username)).toEqual(['ann']);
    followers.forEach(expectCompleteAccount);
    const { data: following } = await ann.getAccountFollowing(users.ann.account.id);
    expect(following.map((a) => a.username)).toEqual(['ben']);
  });

  it('asks a locked account, which sees and accepts the request', async () => {
    expect((await ann.followAccount(users.cat.account.id)).data.requested).toBe(true);
    const { data: requests } = await cat.getFollowRequests();
    expect(requests.map((a) => a.username)).toEqual(['ann']);
    expect((await cat.acceptFollowRequest(users.ann.account.id)).data.followed_by).toBe(true);
  });

  it('mutes, blocks and subscribes', async () => {
    expect((await ben.muteAccount(users.cat.account.id, false)).data).toMatchObject({
      muting: true,
      muting_notifications: false,
    });
    expect((await ben.getMutes()).data.map((a) => a.username)).toEqual(['cat']);
    expect((await ben.blockAccount(users.ann.account.id)).data).toMatchObject({
      blocking: true,
      followed_by: false,
    });
    expect((await ben.getBlocks()).data.map((a) => a.username)).toEqual(['ann']);
    expect((await cat.subscribeAccount(users.ben.account.id)).data.notifying).toBe(true);
    expect((await cat.unsubscribeAccount(users.ben.account.id)).data.notifying).toBe(false);
    expect((await ben.unblockAccount(users.ann.account.id)).data.blocking).toBe(false);
  });
});
