import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { userWithToken } from '../helpers/accounts.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { getAs, posted } from '../helpers/statuses.js';
import { type StatusesApp, useStatusesApp } from '../helpers/statusesApi.js';

let { t, alice, bob, carol } = {} as StatusesApp;
useStatusesApp((made) => ({ t, alice, bob, carol } = made));

describe('visibility', () => {
  const statuses: Record<string, string> = {};
  beforeAll(async () => {
    for (const visibility of ['public', 'unlisted', 'private', 'direct']) {
      statuses[visibility] = (
        await posted(t, alice.token, { status: `${visibility} for @bob`, visibility })
      ).id;
    }
  });

  const viewers = () => ({
    author: alice.token,
    mentioned: bob.token,
    stranger: carol.token,
    anonymous: undefined,
  });
  const expected: Record<string, Record<string, boolean>> = {
    public: { author: true, mentioned: true, stranger: true, anonymous: true },
    unlisted: { author: true, mentioned: true, stranger: true, anonymous: true },
    private: { author: true, mentioned: true, stranger: false, anonymous: false },
    direct: { author: true, mentioned: true, stranger: false, anonymous: false },
  };

  it('shows a status only to those who may see it; others get 404 "Record not found"', async () => {
    for (const [visibility, id] of Object.entries(statuses)) {
      for (const [who, token] of Object.entries(viewers())) {
        const res = await getAs(t, `/api/v1/statuses/${id}`, token);
        const canSee = expected[visibility]![who]!;
        expect([visibility, who, res.status]).toEqual([visibility, who, canSee ? 200 : 404]);
        if (!canSee) expect(res.body).toEqual({ error: 'Record not found' });
      }
    }
  });

  it("lists in an account's statuses only what the viewer may see", async () => {
    for (const [who, token] of Object.entries(viewers())) {
      const res = await getAs(t, `/api/v1/accounts/${alice.account.id}/statuses?limit=40`, token);
      expect(res.status).toBe(200);
      const ids = new Set(res.body.map((s: { id: string }) => s.id));
      for (const [visibility, id] of Object.entries(statuses)) {
        expect([visibility, who, ids.has(id)]).toEqual([visibility, who, expected[visibility]![who]]);
      }
    }
  });

  it('answers only the visible ones of several ids asked at once', async () => {
    const all = Object.values(statuses);
    const query = `${all.map((id) => `id[]=${id}`).join('&')}&id[]=abc&id[]=1`;
    const forCarol = await getAs(t, `/api/v1/statuses?${query}`, carol.token);
    expect(forCarol.body.map((s: { id: string }) => s.id)).toEqual([statuses.public, statuses.unlisted]);
    const forBob = await getAs(t, `/api/v1/statuses?ids[]=${statuses.direct}`, bob.token);
    expect(forBob.body.map((s: { id: string }) => s.id)).toEqual([statuses.direct]);
    // More than qs's default 20 array items (which made the array an object, and the request a 400).
    const many = [...Array.from({ length: 30 }, (_, i) => String(i + 1)), statuses.public];
    const crowded = await getAs(
      t,
      `/api/v1/statuses?${many.map((id) => `id[]=${id}`).join('&')}`,
      carol.token,
    );
    expect([crowded.status, crowded.body.map((s: { id: string }) => s.id)]).toEqual([200, [statuses.public]]);
  });

  it('answers 404 for unknown and malformed ids, never 500', async () => {
    for (const id of ['1', '99999999999999999999999', 'abc', "1'--", '-1']) {
      const res = await getAs(t, `/api/v1/statuses/${encodeURIComponent(id)}`, alice.token);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: 'Record not found' });
    }
  });
});

describe('GET /api/v1/statuses/:id/context', () => {
  it('answers the ancestors and descendants the viewer may see, oldest first', async () => {
    const root = await posted(t, alice.token, { status: 'root' });
    const reply = await posted(t, bob.token, { status: 'reply', in_reply_to_id: root.id });
    const hidden = await posted(t, bob.token, {
      status: '@alice private',
      in_reply_to_id: reply.id,
      visibility: 'direct',
    });
    const last = await posted(t, alice.token, { status: 'last', in_reply_to_id: reply.id });
    const ids = (list: { id: string }[]) => list.map((s) => s.id);
    const forAlice = (await getAs(t, `/api/v1/statuses/${reply.id}/context`, alice.token)).body;
    expect(ids(forAlice.ancestors)).toEqual([root.id]);
    expect(ids(forAlice.descendants)).toEqual([hidden.id, last.id]);
    const forCarol = (await getAs(t, `/api/v1/statuses/${reply.id}/context`, carol.token)).body;
    expect(ids(forCarol.descendants)).toEqual([last.id]);
    const anonymous = await getAs(t, `/api/v1/statuses/${hidden.id}/context`);
    expect(anonymous.status).toBe(404);
  });
});

describe('DELETE /api/v1/statuses/:id', () => {
  it('deletes the author’s status and answers it with its source text', async () => {
    const s = await posted(t, alice.token, { status: 'to be #deleted' });
    const res = await request(t.app)
      .delete(`/api/v1/statuses/${s.id}`)
      .set('Authorization', `Bearer ${alice.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: s.id, content: s.content, text: 'to be #deleted' });
    expect((await getAs(t, `/api/v1/statuses/${s.id}`, alice.token)).status).toBe(404);
    const listed = await getAs(t, `/api/v1/accounts/${alice.account.id}/statuses?limit=40`, alice.token);
    expect(listed.body.map((x: { id: string }) => x.id)).not.toContain(s.id);
    expect((await getAs(t, '/api/v1/timelines/tag/deleted')).body).toEqual([]);
  });

  it("answers 404 for someone else's status and for unknown ones, appending nothing", async () => {
    const s = await posted(t, alice.token, { status: 'mine' });
    await appendsNothing(t, async () => {
      for (const [id, token] of [
        [s.id, bob.token],
        ['12345', alice.token],
        ['abc', alice.token],
      ] as const) {
        const res = await request(t.app)
          .delete(`/api/v1/statuses/${id}`)
          .set('Authorization', `Bearer ${token}`);
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ error: 'Record not found' });
      }
    });
    expect((await getAs(t, `/api/v1/statuses/${s.id}`)).status).toBe(200);
  });
});

describe('GET /api/v1/accounts/:id/statuses', () => {
  it('filters replies, media, pins and tags, and finds the account by nickname', async () => {
    const dave = await userWithToken(t, 'dave');
    const top = await posted(t, dave.token, { status: 'top #Art' });
    const reply = await posted(t, dave.token, { status: 'reply', in_reply_to_id: top.id });
    const ids = async (query: string) =>
      (await getAs(t, `/api/v1/accounts/${dave.account.id}/statuses${query}`)).body.map(
        (s: { id: string }) => s.id,
      );
    expect(await ids('')).toEqual([reply.id, top.id]);
    expect(await ids('?exclude_replies=true')).toEqual([top.id]);
    expect(await ids('?tagged=art')).toEqual([top.id]);
    expect(await ids('?pinned=true')).toEqual([]);
    expect(await ids('?only_media=1')).toEqual([]);
    const byNickname = await getAs(t, '/api/v1/accounts/dave/statuses');
    expect(byNickname.body).toHaveLength(2);
    expect(byNickname.body[0].account.statuses_count).toBe(2);
    const unknown = await getAs(t, '/api/v1/accounts/nobody/statuses');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: "Can't find user" });
  });
});
