import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventId } from '../../src/domain/shared/ids.js';
import type { StatusEvent } from '../../src/domain/status/index.js';
import { expect as expectStream } from '../../src/eventstore/eventStore.js';
import { CONVERSATIONS_PROCESS } from '../../src/processes/conversations.js';
import { processCheckpointName } from '../../src/processes/process.js';
import { CONVERSATIONS_PROJECTOR } from '../../src/projections/conversations/projector.js';
import { userWithToken } from '../helpers/accounts.js';
import {
  accts,
  type Conversation,
  type ConversationsApp,
  conversationRequests,
  UNKNOWN,
  type User,
  useConversationsApp,
} from '../helpers/conversationsApi.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { lastPosition } from '../helpers/relationships.js';
import { getAs, posted } from '../helpers/statuses.js';

let { t, carol, dave, reader, readOnly } = {} as ConversationsApp;
useConversationsApp((made) => ({ t, carol, dave, reader, readOnly } = made));

const { send, conversations, dm, unreadCount } = conversationRequests(() => t);

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
    // More ids than PostgreSQL takes bindings (65,535): one array parameter, unknown ones ignored.
    const many = Array.from({ length: 70_000 }, (_, i) => String(i));
    const huge = await send('patch', path, reader).send({ recipients: [...many, dave.account.id] });
    expect([huge.status, accts(huge.body)]).toEqual([200, ['dave']]);
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

  it('leaves statuses addressed to an account the reader blocks out of the list and last_status (restrict_blocked)', async () => {
    const [reader, other] = await Promise.all([userWithToken(t, 'rb_reader'), userWithToken(t, 'rb_other')]);
    await send('post', `/api/v1/accounts/${pest.account.id}/block`, reader).expect(200);
    const first = await dm(other, { status: '@rb_reader just you' });
    const second = await dm(other, { status: '@rb_reader @pest and the pest', in_reply_to_id: first.id });
    const [conversation] = await conversations(reader);
    expect(conversation!.last_status!.id).toBe(first.id);
    const path = `/api/v1/pleroma/conversations/${conversation!.id}/statuses`;
    const ids = (await getAs(t, path, reader.token)).body.map((s: { id: string }) => s.id);
    expect(ids).toEqual([first.id]);
    // The other participant blocks nobody: both are theirs to see.
    const [theirs] = await conversations(other);
    expect(theirs!.last_status!.id).toBe(second.id);
    // A conversation whose only status addresses the blocked account has none to show: it is left out.
    await dm(other, { status: '@rb_reader @pest a group' });
    expect((await conversations(reader)).map((c) => c.id)).toEqual([conversation!.id]);
    // The reader's own status is theirs whoever it addresses.
    const own = await dm(reader, { status: '@rb_other @pest from me', in_reply_to_id: second.id });
    expect((await conversations(reader))[0]!.last_status!.id).toBe(own.id);
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
        expiresAt: null,
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
