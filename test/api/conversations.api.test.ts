import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventId } from '../../src/domain/shared/ids.js';
import type { StatusEvent } from '../../src/domain/status/index.js';
import { expect as expectStream } from '../../src/eventstore/eventStore.js';
import { CONVERSATIONS_PROCESS } from '../../src/processes/conversations.js';
import { processCheckpointName } from '../../src/processes/process.js';
import { CONVERSATIONS_PROJECTOR } from '../../src/projections/conversations/projector.js';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { lastPosition } from '../helpers/relationships.js';
import { getAs, posted, postStatus } from '../helpers/statuses.js';

type User = Awaited<ReturnType<typeof userWithToken>>;
let t: TestApp;
let alice: User;
let bob: User;
let carol: User;
let dave: User;
let reader: User;
let readOnly: User;

beforeAll(async () => {
  t = await createTestApp();
  [alice, bob, carol, dave, reader, readOnly] = await Promise.all([
    userWithToken(t, 'alice'),
    userWithToken(t, 'bob'),
    userWithToken(t, 'carol'),
    userWithToken(t, 'dave'),
    userWithToken(t, 'reader'),
    userWithToken(t, 'readonly', ['read']),
  ]);
});
afterAll(() => t.close());

type Conversation = {
  id: string;
  unread: boolean;
  accounts: { id: string; acct: string }[];
  last_status: { id: string; pleroma: { direct_conversation_id: number | null } } | null;
};

const as = (user: User) => ({ Authorization: `Bearer ${user.token}` });
const send = (method: 'post' | 'patch' | 'delete', path: string, user: User) =>
  request(t.app)[method](path).set(as(user));
async function conversations(user: User, query = ''): Promise<Conversation[]> {
  const res = await getAs(t, `/api/v1/conversations${query}`, user.token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}
type Posted = { id: string; pleroma: { context: string; direct_conversation_id: number | null } };
const dm = async (user: User, body: Record<string, unknown>) =>
  (await posted(t, user.token, { visibility: 'direct', ...body })) as unknown as Posted;
const accts = (c: Conversation) => c.accounts.map((a) => a.acct);
async function unreadCount(user: User): Promise<number> {
  const res = await getAs(t, '/api/v1/accounts/verify_credentials', user.token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.pleroma.unread_conversation_count;
}
const UNKNOWN = { error: 'Unknown conversation id' };

describe('participations (§6.1)', () => {
  let first: Posted;

  beforeAll(async () => {
    first = await dm(alice, { status: '@bob @carol a secret' });
  });

  it("answers the poster's participation id as direct_conversation_id, and each reader's own on show", async () => {
    const [own] = await conversations(alice);
    expect(first.pleroma.direct_conversation_id).toBe(Number(own!.id));
    const [bobs] = await conversations(bob);
    const shown = await getAs(t, `/api/v1/statuses/${first.id}`, bob.token);
    expect(shown.body.pleroma.direct_conversation_id).toBe(Number(bobs!.id));
    expect(bobs!.id).not.toBe(own!.id);
  });

  it('leaves direct_conversation_id null in timelines', async () => {
    const home = await getAs(t, '/api/v1/timelines/home', bob.token);
    expect(
      home.body.find((s: { id: string }) => s.id === first.id).pleroma.direct_conversation_id,
    ).toBeNull();
  });

  it('renders the Conversation entity: the others as accounts, the last status with its participation id', async () => {
    const [conversation] = await conversations(bob);
    expect(Object.keys(conversation!).sort()).toEqual(['accounts', 'id', 'last_status', 'unread']);
    expect(conversation).toMatchObject({ unread: true, last_status: { id: first.id } });
    expect(conversation!.id).toMatch(/^\d+$/);
    expect(accts(conversation!)).toEqual(['alice', 'carol']);
    expect(conversation!.last_status!.pleroma.direct_conversation_id).toBe(Number(conversation!.id));
  });

  it("marks the author's participation read and the others' unread, and counts them on the owner's Account", async () => {
    expect((await conversations(alice))[0]).toMatchObject({ unread: false });
    expect((await conversations(carol))[0]).toMatchObject({ unread: true });
    expect(await unreadCount(bob)).toBe(1);
    expect(await unreadCount(alice)).toBe(0);
    const seenByOthers = await getAs(t, `/api/v1/accounts/${bob.account.id}`, alice.token);
    expect(seenByOthers.body.pleroma.unread_conversation_count).toBeUndefined();
  });

  it('does not add people mentioned later to the recipients, but starts their own participation', async () => {
    const [bobs] = await conversations(bob);
    await dm(bob, { status: '@alice @carol @dave bringing dave in', in_reply_to_id: first.id });
    expect(accts((await conversations(bob))[0]!)).toEqual(['alice', 'carol']);
    expect(accts((await conversations(alice))[0]!)).toEqual(['bob', 'carol']);
    expect((await conversations(alice))[0]).toMatchObject({ unread: true });
    const [daves] = await conversations(dave);
    expect(accts(daves!)).toEqual(['bob', 'alice', 'carol']);
    expect((await conversations(bob))[0]!.id).toBe(bobs!.id);
  });

  it('answers a DM to oneself with oneself as the only account', async () => {
    const note = await dm(reader, { status: 'a note to self' });
    const [own] = await conversations(reader);
    expect(accts(own!)).toEqual(['reader']);
    expect(own!.last_status!.id).toBe(note.id);
  });

  it('gives no participation for statuses that are not direct', async () => {
    const summary = async () => (await conversations(carol)).map((c) => [c.id, c.unread, c.last_status?.id]);
    const before = await summary();
    const status = await posted(t, alice.token, { status: '@carol hello', visibility: 'public' });
    expect(status.pleroma).toMatchObject({ direct_conversation_id: null });
    expect(await summary()).toEqual(before);
  });
});

describe('in_reply_to_conversation_id (§6.2)', () => {
  it('posts direct to exactly the recipients, into the conversation, whatever the visibility and mentions', async () => {
    const start = await dm(carol, { status: '@dave just us' });
    const [own] = await conversations(carol, `?recipients[]=${dave.account.id}`);
    const reply = await posted(t, carol.token, {
      status: 'and @alice is not invited',
      visibility: 'public',
      in_reply_to_conversation_id: own!.id,
    });
    expect(reply).toMatchObject({
      visibility: 'direct',
      mentions: [{ id: dave.account.id, acct: 'dave' }],
      pleroma: { context: start.pleroma.context, direct_conversation_id: Number(own!.id) },
      in_reply_to_id: null,
    });
    const [daves] = await conversations(dave, `?recipients[]=${carol.account.id}`);
    expect(daves).toMatchObject({ unread: true, last_status: { id: reply.id } });
    expect((await conversations(alice)).some((c) => c.last_status?.id === reply.id)).toBe(false);
  });

  it('accepts the id as a JSON number', async () => {
    const [own] = await conversations(carol, `?recipients[]=${dave.account.id}`);
    const reply = await posted(t, carol.token, {
      status: 'again',
      in_reply_to_conversation_id: Number(own!.id),
    });
    expect(reply.pleroma).toMatchObject({ direct_conversation_id: Number(own!.id) });
  });

  it("refuses someone else's, unknown and malformed conversation ids with 404, appending nothing", async () => {
    const [daves] = await conversations(dave);
    for (const id of [daves!.id, '123', 'abc', '99999999999999999999']) {
      await appendsNothing(t, async () => {
        const res = await postStatus(t, carol.token, {
          status: 'sneaking in',
          in_reply_to_conversation_id: id,
        });
        expect([res.status, res.body]).toEqual([404, UNKNOWN]);
      });
    }
  });
});

describe('reading, changing and deleting (§6.4–§6.8)', () => {
  let conversation: Conversation;
  let statusIds: string[];

  beforeAll(async () => {
    const a = await dm(dave, { status: `@reader first` });
    const b = await dm(reader, { status: `@dave second`, in_reply_to_id: a.id });
    const c = await dm(dave, { status: `@reader third`, in_reply_to_id: b.id });
    statusIds = [a.id, b.id, c.id];
    conversation = (await conversations(reader, `?recipients[]=${dave.account.id}`))[0]!;
  });

  it('shows one conversation by id to its owner only', async () => {
    const res = await getAs(t, `/api/v1/pleroma/conversations/${conversation.id}`, reader.token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(conversation);
    for (const [id, user] of [
      [conversation.id, dave],
      ['1', reader],
      ['nope', reader],
    ] as const) {
      const other = await getAs(t, `/api/v1/pleroma/conversations/${id}`, user.token);
      expect([other.status, other.body]).toEqual([404, UNKNOWN]);
    }
  });

  it('lists the statuses oldest first; limit takes the newest, min_id the newer ones; Link pages on', async () => {
    const path = `/api/v1/pleroma/conversations/${conversation.id}/statuses`;
    const ids = async (query: string) =>
      (await getAs(t, `${path}${query}`, reader.token)).body.map((s: { id: string }) => s.id);
    expect(await ids('')).toEqual(statusIds);
    expect(await ids('?limit=2')).toEqual(statusIds.slice(1));
    expect(await ids(`?min_id=${statusIds[0]}`)).toEqual(statusIds.slice(1));
    expect(await ids(`?max_id=${statusIds[2]}`)).toEqual(statusIds.slice(0, 2));
    const res = await getAs(t, `${path}?limit=2`, reader.token);
    expect(res.headers.link).toContain(`max_id=${statusIds[1]}>; rel="next"`);
    expect(res.headers.link).toContain(`min_id=${statusIds[2]}>; rel="prev"`);
    expect(res.body[0].pleroma.direct_conversation_id).toBeNull();
    const foreign = await getAs(t, path, dave.token);
    expect([foreign.status, foreign.body]).toEqual([404, UNKNOWN]);
  });

  it('leaves statuses of blocked and muted accounts out of the statuses', async () => {
    const path = `/api/v1/pleroma/conversations/${conversation.id}/statuses`;
    await send('post', `/api/v1/accounts/${dave.account.id}/mute`, reader).expect(200);
    const ids = (await getAs(t, path, reader.token)).body.map((s: { id: string }) => s.id);
    await send('post', `/api/v1/accounts/${dave.account.id}/unmute`, reader).expect(200);
    expect(ids).toEqual([statusIds[1]]);
  });

  it('marks one conversation read, and answers it', async () => {
    expect(conversation.unread).toBe(true);
    const res = await send('post', `/api/v1/conversations/${conversation.id}/read`, reader);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...conversation, unread: false });
    const again = await send('post', `/api/v1/conversations/${conversation.id}/read`, reader);
    expect(again.body.unread).toBe(false);
  });

  it('replaces the recipients with the given existing accounts and the owner (§6.6)', async () => {
    const path = `/api/v1/pleroma/conversations/${conversation.id}`;
    const res = await send('patch', `${path}?recipients[]=${carol.account.id}&recipients[]=424242`, reader);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(accts(res.body)).toEqual(['carol']);
    const json = await send('patch', path, reader).send({ recipients: [dave.account.id, reader.account.id] });
    expect(accts(json.body)).toEqual(['dave']);
  });

  it('refuses malformed recipients[] and foreign ids without appending', async () => {
    const path = `/api/v1/pleroma/conversations/${conversation.id}`;
    await appendsNothing(t, async () => {
      const missing = await send('patch', path, reader);
      expect([missing.status, missing.body.error]).toEqual([400, 'Missing field: recipients.']);
      const object = await send('patch', `${path}?recipients[a]=1`, reader);
      expect(object.status).toBe(400);
      const numbers = await send('patch', path, reader).send({ recipients: [1, 2] });
      expect(numbers.status).toBe(400);
      const filter = await getAs(t, '/api/v1/conversations?recipients[a]=1', reader.token);
      expect(filter.status).toBe(400);
      const foreign = await send('patch', `${path}?recipients[]=${carol.account.id}`, dave);
      expect([foreign.status, foreign.body]).toEqual([404, UNKNOWN]);
      for (const method of ['post', 'delete'] as const) {
        const suffix = method === 'post' ? '/read' : '';
        for (const id of [conversation.id, '0', 'x']) {
          const other = await send(method, `/api/v1/conversations/${id}${suffix}`, dave);
          expect([other.status, other.body]).toEqual([404, UNKNOWN]);
        }
      }
    });
  });

  it('needs the scopes of the spec', async () => {
    expect((await getAs(t, '/api/v1/conversations', readOnly.token)).status).toBe(200);
    const write = await send('post', '/api/v1/pleroma/conversations/read', readOnly);
    expect([write.status, write.body]).toEqual([
      403,
      { error: 'Insufficient permissions: write:conversations.' },
    ]);
    const anonymous = await request(t.app).get('/api/v1/conversations');
    expect([anonymous.status, anonymous.body]).toEqual([403, { error: 'Invalid credentials.' }]);
  });

  it('deletes a conversation; a new message in it starts a new one', async () => {
    const res = await send('delete', `/api/v1/conversations/${conversation.id}`, reader);
    expect([res.status, res.body]).toEqual([200, {}]);
    const gone = await getAs(t, `/api/v1/pleroma/conversations/${conversation.id}`, reader.token);
    expect(gone.status).toBe(404);
    expect((await conversations(reader)).some((c) => c.id === conversation.id)).toBe(false);
    await dm(dave, { status: '@reader are you there?', in_reply_to_id: statusIds[2]! });
    const [again] = await conversations(reader, `?recipients[]=${dave.account.id}`);
    expect(again).toMatchObject({ unread: true });
    expect(again!.id).not.toBe(conversation.id);
  });
});

describe('listing (§6.8)', () => {
  it('orders by last activity and pages with Link headers', async () => {
    const all = await conversations(carol);
    expect(all.length).toBeGreaterThanOrEqual(2);
    const lastIds = all.map((c) => BigInt(c.last_status!.id));
    expect([...lastIds].sort((a, b) => (a > b ? -1 : 1))).toEqual(lastIds);
    const res = await getAs(t, '/api/v1/conversations?limit=1', carol.token);
    expect(res.body.map((c: Conversation) => c.id)).toEqual([all[0]!.id]);
    const next = /<([^>]+)>; rel="next"/.exec(String(res.headers.link))![1]!;
    const page2 = await getAs(t, next.replace('http://localhost:4000', ''), carol.token);
    expect(page2.body.map((c: Conversation) => c.id)).toEqual([all[1]!.id]);
  });

  it('filters by exact participants, and unknown ids match nothing', async () => {
    // dave joined the context when mentioned later: a participant, though not one of alice's recipients.
    const others = [bob, carol, dave].map((u) => `recipients[]=${u.account.id}`).join('&');
    expect((await conversations(alice, `?${others}`)).map(accts)).toEqual([['bob', 'carol']]);
    const two = `?recipients[]=${bob.account.id}&recipients[]=${carol.account.id}`;
    expect(await conversations(alice, two)).toEqual([]);
    expect(await conversations(alice, '?recipients[]=424242')).toEqual([]);
  });

  it('marks every unread conversation read, answering those it changed (§6.7)', async () => {
    const unread = (await conversations(carol)).filter((c) => c.unread);
    expect(unread.length).toBeGreaterThan(0);
    const res = await send('post', '/api/v1/pleroma/conversations/read', carol);
    expect(res.status).toBe(200);
    expect(res.body.map((c: Conversation) => c.id).sort()).toEqual(unread.map((c) => c.id).sort());
    expect(res.body.every((c: Conversation) => c.unread === false)).toBe(true);
    expect(await unreadCount(carol)).toBe(0);
    expect((await send('post', '/api/v1/pleroma/conversations/read', carol)).body).toEqual([]);
  });
});

describe('blocks (§6.1)', () => {
  let blocker: User;
  let pest: User;

  beforeAll(async () => {
    [blocker, pest] = await Promise.all([userWithToken(t, 'blocker'), userWithToken(t, 'pest')]);
    await dm(pest, { status: '@blocker hi' });
    await send('post', `/api/v1/accounts/${pest.account.id}/block`, blocker).expect(200);
  });

  it('a DM from an account the participant blocks does not mark their participation unread', async () => {
    await send('post', '/api/v1/pleroma/conversations/read', blocker).expect(200);
    const [before] = await conversations(pest);
    await posted(t, pest.token, { status: 'still there?', in_reply_to_conversation_id: before!.id });
    expect(await unreadCount(blocker)).toBe(0);
    await dm(pest, { status: '@blocker a new thread' });
    expect(await unreadCount(blocker)).toBe(0);
    const participations = await t.deps
      .db('conversation_participations')
      .where({ account_id: blocker.account.id });
    expect(participations).toHaveLength(2);
    expect(participations.every((p: { read: boolean }) => p.read)).toBe(true);
  });
});

describe('the conversations process', () => {
  it('delivers a direct status stored without the use case (a request that stopped after the append)', async () => {
    const statusId = t.deps.ids.next();
    const event: StatusEvent = {
      type: 'StatusPosted',
      data: {
        statusId,
        objectId: randomUUID(),
        accountId: dave.account.id,
        visibility: 'direct',
        text: 'from the log',
        contentHtml: 'from the log',
        spoilerText: '',
        sensitive: false,
        inReplyToId: null,
        inReplyToAccountId: null,
        mentions: [{ accountId: carol.account.id, nickname: 'carol' }],
        tags: [],
        language: null,
        context: `http://localhost:4000/contexts/${randomUUID()}`,
        postedAt: new Date().toISOString(),
        application: null,
        mediaIds: [],
        emojis: [],
      },
    };
    const metadata = {
      actor: dave.account.id,
      correlationId: 'c',
      causationId: null,
      time: new Date().toISOString(),
      schemaVersion: 1,
    };
    const appended = await t.deps.eventStore.appendToStream(
      `status-${statusId}`,
      [{ id: eventId(`process-test-${statusId}`), ...event, data: { ...event.data }, metadata }],
      expectStream.noStream,
    );
    await t.processes.waitFor([processCheckpointName(CONVERSATIONS_PROCESS)], appended.position);
    // The process appended the participations after the status; the read model must reach them too. The
    // store's head can stop short of them (it hides events newer than any running transaction cluster-wide).
    await t.engine.waitFor([CONVERSATIONS_PROJECTOR], await lastPosition(t));
    const [carols] = await conversations(carol, `?recipients[]=${dave.account.id}&limit=1`);
    expect(carols).toMatchObject({ unread: true, last_status: { id: statusId } });
  });
});

describe('rebuild', () => {
  it('`projections rebuild conversations` answers every endpoint exactly as before', async () => {
    const users = [alice, bob, carol, dave, reader];
    const responses = async () => {
      const lists = await Promise.all(users.map((u) => getAs(t, '/api/v1/conversations?limit=40', u.token)));
      const counts = await Promise.all(users.map(unreadCount));
      const shown = await Promise.all(
        lists.flatMap((list, i) =>
          list.body.map((c: Conversation) =>
            getAs(t, `/api/v1/pleroma/conversations/${c.id}`, users[i]!.token),
          ),
        ),
      );
      const statuses = await Promise.all(
        lists.flatMap((list, i) =>
          list.body.map((c: Conversation) =>
            getAs(t, `/api/v1/pleroma/conversations/${c.id}/statuses`, users[i]!.token),
          ),
        ),
      );
      const single = await Promise.all(
        lists.flatMap((list, i) =>
          list.body.map((c: Conversation) =>
            getAs(t, `/api/v1/statuses/${c.last_status!.id}`, users[i]!.token),
          ),
        ),
      );
      const bodies = (all: request.Response[]) => all.map((r) => [r.status, r.headers.link, r.body]);
      return {
        lists: bodies(lists),
        counts,
        shown: bodies(shown),
        statuses: bodies(statuses),
        single: bodies(single),
      };
    };
    const before = await responses();
    expect(before.shown.length).toBeGreaterThan(8);
    await t.engine.rebuild(CONVERSATIONS_PROJECTOR);
    expect(await responses()).toEqual(before);
  });
});
