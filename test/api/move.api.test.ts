import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOLLOWER_MOVES } from '../../src/processes/followerMoves.js';
import { processCheckpointName } from '../../src/processes/process.js';
import { RELATIONSHIPS_PROJECTOR } from '../../src/projections/relationships/projector.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { lastPosition, storedEvents, type User, usersWithTokens } from '../helpers/relationships.js';

let t: TestApp;
let origin: User;
let target: User;
let mover: User;
let stayer: User;
let blocked: User;
const host = 'localhost:4000';

const as = (user: User) => ({ Authorization: `Bearer ${user.token}` });
const move = (body: object) => request(t.app).post('/api/pleroma/move_account').set(as(origin)).send(body);
const follow = (user: User, whom: User) =>
  request(t.app).post(`/api/v1/accounts/${whom.account.id}/follow`).set(as(user));

async function relationship(user: User, whom: User) {
  const res = await request(t.app).get(`/api/v1/accounts/relationships?id=${whom.account.id}`).set(as(user));
  return res.body[0];
}

/** Waits for the follower-moves process over everything stored so far. */
async function movesDone() {
  await t.processes.waitFor([processCheckpointName(FOLLOWER_MOVES)], await lastPosition(t));
  await t.engine.waitFor([RELATIONSHIPS_PROJECTOR], await lastPosition(t));
}

beforeAll(async () => {
  t = await createTestApp();
  [origin, target, mover, stayer, blocked] = await usersWithTokens(t, [
    'origin',
    'target',
    'mover',
    'stayer',
    'blocked',
  ] as const);
  for (const follower of [mover, stayer, blocked]) expect((await follow(follower, origin)).status).toBe(200);
  // `stayer` does not allow moves; `target` blocks `blocked`.
  const settings = await request(t.app)
    .patch('/api/v1/accounts/update_credentials')
    .set(as(stayer))
    .send({ allow_following_move: false });
  expect(settings.body.pleroma.allow_following_move).toBe(false);
  await request(t.app).post(`/api/v1/accounts/${blocked.account.id}/block`).set(as(target));
});
afterAll(() => t.close());

describe('move_account (§1.9) refusals, nothing stored', () => {
  it('answers a wrong password with 200 Invalid password., a missing one with 400 Missing field', async () => {
    await appendsNothing(t, async () => {
      const wrong = await move({ password: 'wrong', target_account: 'target' });
      expect([wrong.status, wrong.body]).toEqual([200, { error: 'Invalid password.' }]);
      const missing = await move({ target_account: 'target' });
      expect([missing.status, missing.body.error]).toEqual([400, 'Missing field: password.']);
    });
  });

  it('requires target_account', async () => {
    const res = await move({ password: origin.password });
    expect([res.status, res.body.error]).toEqual([400, 'Missing field: target_account.']);
  });

  it('answers a target that cannot be found or fetched with 404', async () => {
    await appendsNothing(t, async () => {
      for (const name of ['nobody', 'someone@elsewhere.example']) {
        const res = await move({ password: origin.password, target_account: name });
        expect([res.status, res.body]).toEqual([404, { error: 'Target account not found.' }]);
      }
    });
  });

  it('refuses a target that does not list the origin in its aliases, with the literal backticks', async () => {
    await appendsNothing(t, async () => {
      const res = await move({ password: origin.password, target_account: `@target@${host}` });
      expect([res.status, res.body]).toEqual([
        200,
        { error: 'Target account must have the origin in `alsoKnownAs`' },
      ]);
    });
  });
});

describe('a move', () => {
  it('succeeds once the target lists the origin as an alias', async () => {
    const alias = await request(t.app).put('/api/pleroma/aliases').set(as(target)).send({ alias: 'origin' });
    expect(alias.body).toEqual({ status: 'success' });
    const res = await move({ password: origin.password, target_account: `@target@${host}` });
    expect([res.status, res.body]).toEqual([200, { status: 'success' }]);
  });

  it('shows `moved` (the target Account) on the origin', async () => {
    const res = await request(t.app).get(`/api/v1/accounts/${origin.account.id}`);
    expect(res.body.moved).toMatchObject({ id: target.account.id, acct: 'target' });
    expect(res.body.moved.moved).toBeUndefined();
  });

  it('moves the followers that allow it; those that do not keep following the origin', async () => {
    await movesDone();
    expect(await relationship(mover, target)).toMatchObject({ following: true });
    expect(await relationship(mover, origin)).toMatchObject({ following: false });
    expect(await relationship(stayer, origin)).toMatchObject({ following: true });
    expect(await relationship(stayer, target)).toMatchObject({ following: false });
    // Refused by the target (it blocks them): the origin's follow ends anyway, as Pleroma's move_following
    // deletes it before it tries the new one.
    expect(await relationship(blocked, origin)).toMatchObject({ following: false });
    expect(await relationship(blocked, target)).toMatchObject({ following: false });
  });

  it('records every local follower (for move notifications) and the counts', async () => {
    const listed = await storedEvents(t, ['MoveFollowersListed']);
    const followerIds = listed.flatMap((event) => event.data.followerIds as string[]);
    expect(followerIds.sort()).toEqual([mover, stayer, blocked].map((u) => u.account.id).sort());
    expect(listed[0]!.data).toMatchObject({ originId: origin.account.id, targetId: target.account.id });
    const [completed] = await storedEvents(t, ['MoveCompleted']);
    expect(completed!.data).toMatchObject({ moved: 1, skipped: 2 });
    const counts = await request(t.app).get(`/api/v1/accounts/${target.account.id}`);
    expect(counts.body.followers_count).toBe(1);
  });
});
