import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, getAs, posted } from '../helpers/statuses.js';
import { type StatusesApp, type User, useStatusesApp } from '../helpers/statusesApi.js';

/**
 * What shows around a status: its neighbours for a reader who blocks someone (Pleroma's `blocking_user` in the
 * context query, `User.blocks?` in favourited_by), a reply once its parent is deleted (Pleroma's get_reply_to
 * finds no activity: the reply replies to nothing), and the counts private and direct statuses stay out of.
 */

let { t, alice, bob, carol } = {} as StatusesApp;
useStatusesApp((made) => ({ t, alice, bob, carol } = made));

const act = (user: User, path: string) => request(t.app).post(path).set(bearer(user)).expect(200);
const ids = (statuses: { id: string }[]) => statuses.map((s) => s.id);
let root: string;
let bobsReply: string;
let alicesReply: string;

beforeAll(async () => {
  root = (await posted(t, alice.token, { status: 'root' })).id;
  bobsReply = (await posted(t, bob.token, { status: 'from bob', in_reply_to_id: root })).id;
  alicesReply = (await posted(t, alice.token, { status: 'from alice', in_reply_to_id: root })).id;
  await act(bob, `/api/v1/statuses/${root}/favourite`);
  await act(alice, `/api/v1/statuses/${root}/favourite`);
  await act(carol, `/api/v1/accounts/${bob.account.id}/block`);
});

describe("a reader's blocks", () => {
  it('leave the blocked account out of /context, for that reader only', async () => {
    const context = async (user: User) =>
      (await getAs(t, `/api/v1/statuses/${root}/context`, user.token)).body;
    expect(ids((await context(carol)).descendants)).toEqual([alicesReply]);
    expect(ids((await context(alice)).descendants)).toEqual([bobsReply, alicesReply]);
  });

  it('leave the blocked account out of favourited_by, for that reader only', async () => {
    const likers = async (user: User) =>
      (await getAs(t, `/api/v1/statuses/${root}/favourited_by`, user.token)).body.map(
        (account: { acct: string }) => account.acct,
      );
    expect(await likers(carol)).toEqual(['alice']);
    expect(await likers(alice)).toEqual(['alice', 'bob']);
  });
});

describe('statuses addressed to an account the reader blocks (restrict_blocked)', () => {
  it('are left out of timelines, /context and account pages, for that reader only; their own are not', async () => {
    await act(carol, `/api/v1/accounts/${alice.account.id}/follow`);
    const naming = (await posted(t, alice.token, { status: 'hi @bob', in_reply_to_id: root })).id;
    const plain = (await posted(t, alice.token, { status: 'hi all', in_reply_to_id: root })).id;
    const own = (await posted(t, carol.token, { status: 'me to @bob', in_reply_to_id: root })).id;
    const listed = async (user: User, path: string) => {
      const body = (await getAs(t, path, user.token)).body;
      return ids(Array.isArray(body) ? body : body.descendants).filter((id) =>
        [naming, plain, own].includes(id),
      );
    };
    for (const path of [
      '/api/v1/timelines/home',
      '/api/v1/timelines/public',
      `/api/v1/statuses/${root}/context`,
      `/api/v1/accounts/${alice.account.id}/statuses`,
    ]) {
      const expected = path.includes('/accounts/') ? [plain] : [plain, own];
      // (carol follows alice: her home holds alice's statuses, and her own)
      expect((await listed(carol, path)).sort(), path).toEqual(expected.sort());
      expect(await listed(alice, path), path).toContain(naming);
    }
    await act(carol, `/api/v1/accounts/${alice.account.id}/unfollow`);
  });
});

describe('a reply whose parent was deleted', () => {
  it('replies to nothing: in_reply_to_id, in_reply_to_account_id and the acct are null', async () => {
    const parent = (await posted(t, bob.token, { status: 'soon gone' })).id;
    const reply = (await posted(t, carol.token, { status: 'answer', in_reply_to_id: parent })).id;
    const before = (await getAs(t, `/api/v1/statuses/${reply}`, carol.token)).body;
    expect([before.in_reply_to_id, before.pleroma.in_reply_to_account_acct]).toEqual([parent, 'bob']);
    await request(t.app).delete(`/api/v1/statuses/${parent}`).set(bearer(bob)).expect(200);
    const after = (await getAs(t, `/api/v1/statuses/${reply}`, carol.token)).body;
    expect([
      after.in_reply_to_id,
      after.in_reply_to_account_id,
      after.pleroma.in_reply_to_account_acct,
    ]).toEqual([null, null, null]);
    expect(after.pleroma.parent_visible).toBe(false);
  });
});

describe('counts that private and direct statuses stay out of', () => {
  it("statuses_count, last_status_at and the parent's replies_count count public and unlisted ones only", async () => {
    const counts = async () => {
      const account = (await getAs(t, `/api/v1/accounts/${carol.account.id}`, alice.token)).body;
      const parent = (await getAs(t, `/api/v1/statuses/${root}`, alice.token)).body;
      return [account.statuses_count, account.last_status_at, parent.replies_count];
    };
    const before = await counts();
    await posted(t, carol.token, { status: '@alice just us', visibility: 'direct', in_reply_to_id: root });
    await posted(t, carol.token, { status: 'followers', visibility: 'private', in_reply_to_id: root });
    expect(await counts()).toEqual(before);
    const open = await posted(t, carol.token, {
      status: 'for all',
      visibility: 'unlisted',
      in_reply_to_id: root,
    });
    const [statuses, lastAt, replies] = await counts();
    expect([statuses, typeof lastAt, replies]).toEqual([before[0] + 1, 'string', before[2] + 1]);
    await request(t.app).delete(`/api/v1/statuses/${open.id}`).set(bearer(carol)).expect(200);
    expect(await counts()).toEqual(before);
  });
});

describe("a private status, for its author's followers (Pleroma's visible_for_user?)", () => {
  it('comes back from a multi-get and can be answered; not for others', async () => {
    await act(bob, `/api/v1/accounts/${alice.account.id}/follow`);
    const secret = (await posted(t, alice.token, { status: 'followers only', visibility: 'private' })).id;
    const multiGet = async (user: User) =>
      ids((await getAs(t, `/api/v1/statuses?id[]=${secret}`, user.token)).body);
    expect(await multiGet(bob)).toEqual([secret]);
    expect(await multiGet(carol)).toEqual([]);
    const reply = await request(t.app)
      .post('/api/v1/statuses')
      .set(bearer(bob))
      .send({ status: 'seen it', in_reply_to_id: secret });
    expect([reply.status, reply.body.in_reply_to_id]).toEqual([200, secret]);
    const refused = await request(t.app)
      .post('/api/v1/statuses')
      .set(bearer(carol))
      .send({ status: 'no', in_reply_to_id: secret });
    expect(refused.status).toBe(422);
  });

  it("shows its replies' parent as visible to followers (pleroma.parent_visible), in pages and alone", async () => {
    const secret = (await posted(t, alice.token, { status: 'for followers', visibility: 'private' })).id;
    const answer = { status: 'answered', in_reply_to_id: secret, visibility: 'public' };
    const reply = (await posted(t, bob.token, answer)).id;
    const parentVisible = async (user: User, path: string) => {
      const body = (await getAs(t, path, user.token)).body;
      const status = Array.isArray(body) ? body.find((s: { id: string }) => s.id === reply) : body;
      return status.pleroma.parent_visible;
    };
    const alone = `/api/v1/statuses/${reply}`;
    const page = `/api/v1/accounts/${bob.account.id}/statuses`;
    expect(await parentVisible(bob, alone)).toBe(true);
    expect(await parentVisible(bob, '/api/v1/timelines/home')).toBe(true);
    expect(await parentVisible(bob, page)).toBe(true);
    expect(await parentVisible(alice, alone)).toBe(true);
    expect(await parentVisible(carol, alone)).toBe(false);
    expect(await parentVisible(carol, page)).toBe(false);
  });
});
