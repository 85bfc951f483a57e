import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateProfile } from '../../src/commands/accounts/profile.js';
import { handleCommand } from '../../src/commands/handleCommand.js';
import { idempotencyDecider, idempotencyStream } from '../../src/domain/status/index.js';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testContext } from '../helpers/context.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { getAs, posted, postStatus, STATUS_KEYS, STATUS_PLEROMA_KEYS } from '../helpers/statuses.js';

type User = Awaited<ReturnType<typeof userWithToken>>;
let t: TestApp;
let alice: User;
let bob: User;
let carol: User;
let reader: User;
const base = 'http://localhost:4000';

beforeAll(async () => {
  t = await createTestApp();
  [alice, bob, carol, reader] = await Promise.all([
    userWithToken(t, 'alice'),
    userWithToken(t, 'bob'),
    userWithToken(t, 'carol'),
    userWithToken(t, 'reader', ['read']),
  ]);
});
afterAll(() => t.close());

const countPosted = async () => (await t.deps.eventStore.readAll({ eventTypes: ['StatusPosted'] })).length;

describe('POST /api/v1/statuses', () => {
  it('posts a status with every parameter and answers the full Status entity', async () => {
    const res = await postStatus(t, alice.token, {
      status: 'Hello @bob, see https://example.org/a?b=1 #Cofe\nsecond line',
      spoiler_text: '2hu',
      sensitive: '1',
      visibility: 'unlisted',
      language: 'en',
    });
    expect(res.status).toBe(200);
    const s = res.body;
    expect(Object.keys(s).sort()).toEqual(STATUS_KEYS);
    expect(Object.keys(s.pleroma).sort()).toEqual(STATUS_PLEROMA_KEYS);
    expect(s.content).toBe(
      `Hello <span class="h-card"><a class="u-url mention" data-user="${bob.account.id}" href="${base}/users/bob" rel="ugc">@<span>bob</span></a></span>, ` +
        'see <a href="https://example.org/a?b=1" rel="ugc">https://example.org/a?b=1</a> ' +
        `<a class="hashtag" data-tag="cofe" href="${base}/tag/cofe" rel="tag ugc">#Cofe</a><br/>second line`,
    );
    expect(s).toMatchObject({
      url: `${base}/notice/${s.id}`,
      account: { id: alice.account.id, acct: 'alice', statuses_count: 1 },
      spoiler_text: '2hu',
      sensitive: true,
      visibility: 'unlisted',
      language: 'en',
      text: null,
      mentions: [{ id: bob.account.id, acct: 'bob', username: 'bob', url: `${base}/users/bob` }],
      tags: [{ name: 'cofe', url: `${base}/tag/cofe` }],
      application: { name: 'test app', website: null },
      reblog: null,
      replies_count: 0,
      favourites_count: 0,
      pleroma: {
        local: true,
        content: { 'text/plain': 'Hello @bob, see https://example.org/a?b=1 #Cofe\nsecond line' },
        spoiler_text: { 'text/plain': '2hu' },
        emoji_reactions: [],
        parent_visible: false,
        in_reply_to_account_acct: null,
      },
    });
    expect(s.uri).toMatch(new RegExp(`^${base}/objects/[0-9a-f-]{36}$`));
    expect(s.pleroma.context).toMatch(new RegExp(`^${base}/contexts/`));
    expect(s.pleroma.conversation_id).toBeGreaterThan(0);
    expect(s.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
  });

  it('takes urlencoded and multipart bodies', async () => {
    const form = await request(t.app)
      .post('/api/v1/statuses')
      .set('Authorization', `Bearer ${alice.token}`)
      .type('form')
      .send('status=from+a+form&visibility=private&sensitive=true');
    expect(form.status).toBe(200);
    expect(form.body).toMatchObject({ content: 'from a form', visibility: 'private', sensitive: true });
    const multipart = await request(t.app)
      .post('/api/v1/statuses')
      .set('Authorization', `Bearer ${alice.token}`)
      .field('status', 'from multipart')
      .field('spoiler_text', 'cw');
    expect(multipart.status).toBe(200);
    expect(multipart.body).toMatchObject({ content: 'from multipart', spoiler_text: 'cw' });
  });

  it('escapes markup and never links anything but http(s)', async () => {
    const s = await posted(t, alice.token, {
      status:
        '<script>alert(1)</script> <a href="javascript:alert(1)">x</a> javascript:alert(2) "onmouseover="',
    });
    expect(s.content).not.toMatch(/<script|<a href="javascript|onmouseover="[^&]/);
    expect(s.content).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it("defaults the visibility to the author's source.privacy, and a reply to its parent's", async () => {
    await updateProfile(t.deps, carol.account.id, { privacy: 'private' }, testContext(carol.account.id));
    const own = await posted(t, carol.token, { status: 'default scope' });
    expect(own.visibility).toBe('private');
    const parent = await posted(t, alice.token, { status: 'public parent' });
    const reply = await posted(t, carol.token, { status: 'reply', in_reply_to_id: parent.id });
    expect(reply.visibility).toBe('public');
  });

  it('replies in the same thread and counts replies', async () => {
    const parent = await posted(t, alice.token, { status: 'parent' });
    const reply = await posted(t, bob.token, { status: 'reply', in_reply_to_id: parent.id });
    expect(reply).toMatchObject({
      in_reply_to_id: parent.id,
      in_reply_to_account_id: alice.account.id,
      pleroma: {
        context: (parent.pleroma as { context: string }).context,
        in_reply_to_account_acct: 'alice',
        parent_visible: true,
      },
    });
    expect((await getAs(t, `/api/v1/statuses/${parent.id}`).expect(200)).body.replies_count).toBe(1);
  });

  it('ignores an empty in_reply_to_id', async () => {
    const s = await posted(t, alice.token, { status: 'xD', in_reply_to_id: '' });
    expect(s.in_reply_to_id).toBeNull();
  });

  describe('Idempotency-Key', () => {
    it('answers the same status for the same key and appends nothing more', async () => {
      const key = { 'Idempotency-Key': 'Pikachu rocks!' };
      const first = await postStatus(t, alice.token, { status: 'cofe' }, key);
      expect(first.status).toBe(200);
      await appendsNothing(t, async () => {
        const again = await postStatus(t, alice.token, { status: 'cofe' }, key);
        expect(again.body.id).toBe(first.body.id);
      });
      const other = await postStatus(t, bob.token, { status: 'cofe' }, key);
      expect(other.body.id).not.toBe(first.body.id);
      const without = await postStatus(t, alice.token, { status: 'cofe' });
      expect(without.body.id).not.toBe(first.body.id);
    });

    it('ends with exactly one status when concurrent requests carry the same key', async () => {
      const before = await countPosted();
      const key = { 'Idempotency-Key': 'concurrent' };
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => postStatus(t, alice.token, { status: 'once' }, key)),
      );
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(await countPosted()).toBe(before + 1);
    });

    it('posts the claimed status when a first attempt stopped between the claim and the post', async () => {
      const { createHash } = await import('node:crypto');
      const key = 'crashed';
      const statusId = t.deps.ids.next();
      const hash = createHash('sha256').update(key).digest('hex');
      await handleCommand(
        t.deps.eventStore,
        idempotencyStream(alice.account.id, hash),
        idempotencyDecider,
        { type: 'ReserveIdempotencyKey', accountId: alice.account.id, statusId },
        testContext(alice.account.id),
      );
      const before = await countPosted();
      const retry = await postStatus(t, alice.token, { status: 'retried' }, { 'Idempotency-Key': key });
      expect(retry.body.id).toBe(statusId);
      const again = await postStatus(t, alice.token, { status: 'retried' }, { 'Idempotency-Key': key });
      expect(again.body.id).toBe(statusId);
      expect(await countPosted()).toBe(before + 1);
    });
  });

  describe('refusals (nothing appended)', () => {
    const refuses = async (body: Record<string, unknown>, status: number, error: string) =>
      appendsNothing(t, async () => {
        const res = await postStatus(t, alice.token, body, {
          'Idempotency-Key': `refused ${JSON.stringify(body)}`,
        });
        expect(res.status).toBe(status);
        expect(res.body.error).toBe(error);
      });

    it('refuses an empty status', async () => {
      await refuses({}, 422, 'Cannot post an empty status without attachments');
      await refuses({ status: '   \n ' }, 422, 'Cannot post an empty status without attachments');
      await refuses(
        { status: null, media_ids: ['1'] },
        422,
        'Cannot post an empty status without attachments',
      );
    });

    it('refuses a status over the character limit, counting the spoiler too', async () => {
      await refuses({ status: 'a'.repeat(5001) }, 422, 'The status is over the character limit');
      await refuses(
        { status: 'a'.repeat(4999), spoiler_text: 'bb' },
        422,
        'The status is over the character limit',
      );
      expect((await postStatus(t, alice.token, { status: '👍🏽'.repeat(5000) })).status).toBe(200);
    });

    // Bodies too large to repeat in an Idempotency-Key header, as `refuses` does.
    const refusesLarge = (body: Record<string, unknown>, error: string) =>
      appendsNothing(t, async () => {
        const res = await postStatus(t, alice.token, body);
        expect([res.status, res.body.error]).toEqual([422, error]);
      });

    it('refuses a status of 100,000 characters at once (counting them took seconds)', async () => {
      await refusesLarge({ status: 'x'.repeat(100_000) }, 'The status is over the character limit');
      await refusesLarge(
        { status: 'x', spoiler_text: '👍🏽'.repeat(50_000) },
        'The status is over the character limit',
      );
    });

    it('refuses more media ids than a status may carry, before they reach a query (was a 500)', async () => {
      const mediaIds = Array.from({ length: 70_000 }, (_, i) => String(i));
      await refusesLarge({ status: 'x', media_ids: mediaIds }, 'Too many attachments');
    });

    it('refuses replies to unknown, invisible and direct statuses as Pleroma does', async () => {
      await refuses({ status: 'x', in_reply_to_id: '123456' }, 422, 'Cannot reply to a deleted status');
      await refuses({ status: 'x', in_reply_to_id: 'nope' }, 422, 'Cannot reply to a deleted status');
      const secret = await posted(t, bob.token, { status: 'secret', visibility: 'direct' });
      await refuses({ status: 'x', in_reply_to_id: secret.id }, 422, 'Record not found');
      const dm = await posted(t, bob.token, { status: '@alice hi', visibility: 'direct' });
      for (const visibility of ['public', 'unlisted', 'private']) {
        await refuses(
          { status: 'x', in_reply_to_id: dm.id, visibility },
          422,
          'The message visibility must be direct',
        );
      }
      const reply = await posted(t, alice.token, { status: 'hi back', in_reply_to_id: dm.id });
      expect(reply.visibility).toBe('direct');
      expect(reply.mentions).toEqual([expect.objectContaining({ id: bob.account.id })]);
    });

    it('refuses malformed parameters with a 400, never a 500', async () => {
      for (const body of [
        { status: 'x', visibility: 'everyone' },
        { status: ['x'] },
        { status: 'x', sensitive: {} },
      ]) {
        await appendsNothing(t, async () => {
          const res = await postStatus(t, alice.token, body);
          expect(res.status).toBe(400);
          expect(typeof res.body.error).toBe('string');
        });
      }
    });

    it('requires a user token with write:statuses', async () => {
      await appendsNothing(t, async () => {
        const anonymous = await request(t.app).post('/api/v1/statuses').send({ status: 'x' });
        expect(anonymous.status).toBe(403);
        expect(anonymous.body).toEqual({ error: 'Invalid credentials.' });
        const readOnly = await postStatus(t, reader.token, { status: 'x' });
        expect(readOnly.status).toBe(403);
        expect(readOnly.body).toEqual({ error: 'Insufficient permissions: write:statuses.' });
      });
    });
  });
});

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
