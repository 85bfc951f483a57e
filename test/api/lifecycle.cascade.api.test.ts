import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountStream } from '../../src/domain/account/index.js';
import { relationshipStream } from '../../src/domain/relationship/index.js';
import { accountLifecycleProcess } from '../../src/processes/accountLifecycle.js';
import { CONVERSATIONS_PROJECTOR } from '../../src/projections/conversations/projector.js';
import { FAVOURITES_PROJECTOR } from '../../src/projections/favourites/projector.js';
import { NOTIFICATIONS_PROJECTOR } from '../../src/projections/notifications/projector.js';
import { REACTIONS_PROJECTOR } from '../../src/projections/reactions/projector.js';
import { RELATIONSHIPS_PROJECTOR } from '../../src/projections/relationships/projector.js';
import { STATUSES_PROJECTOR } from '../../src/projections/statuses/projector.js';
import { appToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { as, summary } from '../helpers/notifications.js';
import { lastPosition, storedEvents, usersWithTokens } from '../helpers/relationships.js';
import { getAs, posted } from '../helpers/statuses.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const READ_MODELS = [
  STATUSES_PROJECTOR,
  RELATIONSHIPS_PROJECTOR,
  NOTIFICATIONS_PROJECTOR,
  FAVOURITES_PROJECTOR,
  REACTIONS_PROJECTOR,
  CONVERSATIONS_PROJECTOR,
];

const counts = async (token: string) => {
  const res = await getAs(t, '/api/v1/accounts/verify_credentials', token).expect(200);
  return [res.body.followers_count, res.body.following_count];
};

describe('the deletion job of POST /api/pleroma/delete_account (§1.7)', () => {
  it('deletes the statuses, ends the follows both ways, drops the notifications it caused, once', async () => {
    const [alice, bob, carol] = await usersWithTokens(t, ['cas_alice', 'cas_bob', 'cas_carol']);
    const follow = (user: typeof alice, id: string) =>
      request(t.app).post(`/api/v1/accounts/${id}/follow`).set(as(user)).expect(200);
    await follow(bob, alice.account.id);
    await follow(alice, bob.account.id);
    await follow(carol, alice.account.id);
    const hello = await posted(t, alice.token, { status: 'hello @cas_bob', visibility: 'public' });
    const secret = await posted(t, alice.token, { status: '@cas_carol secret', visibility: 'direct' });
    const own = await posted(t, bob.token, { status: 'bob stays' });
    await request(t.app).post(`/api/v1/statuses/${hello.id}/favourite`).set(as(bob)).expect(200);
    await request(t.app).put(`/api/v1/pleroma/statuses/${hello.id}/reactions/👍`).set(as(carol)).expect(200);
    expect(await counts(bob.token)).toEqual([1, 1]);
    expect(await summary(t, bob)).toEqual([
      ['mention', 'cas_alice'],
      ['follow', 'cas_alice'],
    ]);

    await request(t.app)
      .post('/api/pleroma/delete_account')
      .set(as(alice))
      .send({ password: alice.password })
      .expect(200, { status: 'success' });
    const deleted = (await t.deps.eventStore.readStream(accountStream(alice.account.id))).at(-1)!;
    expect(deleted.type).toBe('AccountDeleted');
    await t.processes.waitFor(['process:account-lifecycle'], deleted.position);
    await t.engine.waitFor(READ_MODELS, await lastPosition(t));

    // Its statuses are gone, from every timeline; the DM too.
    await getAs(t, `/api/v1/statuses/${hello.id}`, bob.token).expect(404);
    await getAs(t, `/api/v1/statuses/${secret.id}`, carol.token).expect(404);
    const ids = (res: request.Response) => res.body.map((status: { id: string }) => status.id);
    expect(ids(await getAs(t, '/api/v1/timelines/public').expect(200))).toEqual([own.id]);
    expect(ids(await getAs(t, '/api/v1/timelines/home', bob.token).expect(200))).toEqual([own.id]);
    const conversations = await getAs(t, '/api/v1/conversations', carol.token).expect(200);
    expect(conversations.body).toEqual([]);

    // The log records the job: each status deleted, each follow ended, on its own stream.
    const statusDeleted = await storedEvents(t, ['StatusDeleted']);
    expect(statusDeleted.map((event) => event.data.statusId).sort()).toEqual([hello.id, secret.id].sort());
    const ended = (await storedEvents(t, ['Unfollowed'])).map((event) => [event.stream, event.data]);
    expect(ended).toEqual(
      expect.arrayContaining([
        [
          relationshipStream(alice.account.id, bob.account.id),
          { followerId: alice.account.id, followedId: bob.account.id },
        ],
        [
          relationshipStream(alice.account.id, bob.account.id),
          { followerId: bob.account.id, followedId: alice.account.id },
        ],
        [
          relationshipStream(alice.account.id, carol.account.id),
          { followerId: carol.account.id, followedId: alice.account.id },
        ],
      ]),
    );

    // The others' counts drop; what it caused no longer notifies.
    expect(await counts(bob.token)).toEqual([0, 0]);
    expect(await counts(carol.token)).toEqual([0, 0]);
    expect(await summary(t, bob)).toEqual([]);
    expect(await summary(t, carol)).toEqual([]);

    // The nickname stays reserved.
    const { token: app } = await appToken(t);
    const again = await request(t.app)
      .post('/api/v1/accounts')
      .set({ Authorization: `Bearer ${app}` })
      .send({ username: 'cas_alice', email: 'new@example.org', password: 'long enough', agreement: true });
    expect(again.status).toBe(400);

    // A restarted process goes over the deletion again: every step is already done.
    await appendsNothing(t, () => accountLifecycleProcess(t.deps).react(deleted));
  });
});
