import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { updateProfile } from '../../src/commands/accounts/profile.js';
import { handleCommand } from '../../src/commands/handleCommand.js';
import { idempotencyDecider, idempotencyStream } from '../../src/domain/status/index.js';
import { testContext } from '../helpers/context.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { notificationsOf } from '../helpers/notifications.js';
import { getAs, posted, postStatus, STATUS_KEYS, STATUS_PLEROMA_KEYS } from '../helpers/statuses.js';
import { type StatusesApp, useStatusesApp } from '../helpers/statusesApi.js';

let { t, alice, bob, carol } = {} as StatusesApp;
const base = 'http://localhost:4000';
useStatusesApp((made) => ({ t, alice, bob, carol } = made));

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
      language: null, // §12.3: Pleroma renders null whatever was posted
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

  it('renders any content_type as plain text, the only format announced (as Pleroma does for one not allowed)', async () => {
    const s = await posted(t, alice.token, { status: '**bold** <b>b</b>', content_type: 'text/markdown' });
    expect(s.content).toBe('**bold** &lt;b&gt;b&lt;/b&gt;');
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

  it("addresses a public or unlisted reply to the parent's author (Pleroma's get_to_and_cc), a private one not", async () => {
    const parent = await posted(t, alice.token, { status: 'answer me' });
    const acct = (s: Record<string, unknown>) => (s.mentions as { acct: string }[]).map((m) => m.acct);
    const open = await posted(t, bob.token, { status: 'sure, @carol too', in_reply_to_id: parent.id });
    expect(acct(open)).toEqual(['alice', 'carol']);
    const quiet = await posted(t, bob.token, {
      status: 'quietly',
      in_reply_to_id: parent.id,
      visibility: 'unlisted',
    });
    expect(acct(quiet)).toEqual(['alice']);
    const closed = await posted(t, bob.token, {
      status: 'followers',
      in_reply_to_id: parent.id,
      visibility: 'private',
    });
    expect(acct(closed)).toEqual([]);
    const own = await posted(t, alice.token, { status: 'me again', in_reply_to_id: parent.id });
    expect(acct(own)).toEqual([]);
    // Addressed, the reply is in the parent's author's home.
    const home = (await getAs(t, '/api/v1/timelines/home', alice.token)).body.map(
      (s: { id: string }) => s.id,
    );
    expect(home).toEqual(expect.arrayContaining([open.id, quiet.id]));
    expect(home).not.toContain(closed.id);
    // One notification of each reply for the parent's author, mentioned or not in the text.
    const ofReplies = (await notificationsOf(t, alice)).filter((n) =>
      [open.id, quiet.id].includes(n.status?.id ?? ''),
    );
    expect(ofReplies.map((n) => n.type)).toEqual(['mention', 'mention']);
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
});
