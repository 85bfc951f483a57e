import { describe, expect, it } from 'vitest';
import {
  idempotencyDecider,
  MAX_MEDIA_ATTACHMENTS,
  type PostStatus,
  type StatusCommand,
  type StatusEvent,
  statusDecider,
  upcastStatusEvent,
} from '../../src/domain/status/index.js';
import { type DeciderCase, runCase } from '../helpers/decider.js';

const now = new Date('2024-05-01T10:00:00.000Z');
const post: PostStatus = {
  type: 'PostStatus',
  statusId: '100',
  objectId: 'b0a5f6a4-0000-4000-8000-000000000001',
  accountId: 'alice',
  visibility: 'public',
  text: '  hello  ',
  contentHtml: 'hello',
  spoilerText: '',
  sensitive: false,
  inReplyTo: null,
  mentions: [],
  tags: [],
  language: null,
  context: 'http://localhost:4000/contexts/1',
  application: null,
  mediaIds: [],
  emojis: [],
  expiresAt: null,
  characterLimit: 10,
  now,
};
const { type: _t, inReplyTo: _r, characterLimit: _c, now: _n, ...data } = post;
const posted: StatusEvent = {
  type: 'StatusPosted',
  data: { ...data, text: 'hello', inReplyToId: null, inReplyToAccountId: null, postedAt: now.toISOString() },
};
const deleted: StatusEvent = { type: 'StatusDeleted', data: { statusId: '100', accountId: 'alice' } };
const blobfox = { shortcode: 'blobfox', url: 'http://localhost:4000/emoji/blobs/blobfox.png' };
const blobcat = { shortcode: 'blobcat', url: 'http://localhost:4000/emoji/blobs/cats/blobcat.png' };
const dmParent = { id: '50', accountId: 'bob', visibility: 'direct' } as const;

const cases: DeciderCase<StatusCommand, StatusEvent>[] = [
  { name: 'a status is posted, its text trimmed', given: [], when: post, expected: [posted] },
  {
    name: 'a reply records its parent and the parent’s author',
    given: [],
    when: { ...post, visibility: 'direct', inReplyTo: dmParent },
    expected: [
      {
        type: 'StatusPosted',
        data: { ...posted.data, visibility: 'direct', inReplyToId: '50', inReplyToAccountId: 'bob' },
      } as StatusEvent,
    ],
  },
  { name: 'posting the same status id again appends nothing', given: [posted], when: post, expected: [] },
  {
    name: 'posting a deleted status id again appends nothing',
    given: [posted, deleted],
    when: post,
    expected: [],
  },
  {
    name: 'an empty status is refused',
    given: [],
    when: { ...post, text: ' \n ', spoilerText: ' ' },
    error: { status: 422, message: 'Cannot post an empty status without attachments' },
  },
  {
    name: 'a spoiler alone is enough',
    given: [],
    when: { ...post, text: '', spoilerText: 'cw' },
    expected: [
      { type: 'StatusPosted', data: { ...posted.data, text: '', spoilerText: 'cw' } } as StatusEvent,
    ],
  },
  {
    name: 'text and spoiler over the limit together are refused',
    given: [],
    when: { ...post, text: 'hello', spoilerText: 'world!' },
    error: { status: 422, message: 'The status is over the character limit' },
  },
  {
    name: 'the limit counts graphemes, not code units',
    given: [],
    when: { ...post, text: '👍🏽'.repeat(10) },
    expected: [{ type: 'StatusPosted', data: { ...posted.data, text: '👍🏽'.repeat(10) } } as StatusEvent],
  },
  {
    name: 'media alone is enough, and the event carries the attachment ids in order',
    given: [],
    when: { ...post, text: '', mediaIds: ['7', '3'] },
    expected: [
      { type: 'StatusPosted', data: { ...posted.data, text: '', mediaIds: ['7', '3'] } } as StatusEvent,
    ],
  },
  {
    name: 'the event carries the custom emoji the use case found, in order',
    given: [],
    when: { ...post, emojis: [blobfox, blobcat] },
    expected: [{ type: 'StatusPosted', data: { ...posted.data, emojis: [blobfox, blobcat] } } as StatusEvent],
  },
  {
    name: 'a status living longer than 600 s carries its end',
    given: [],
    when: { ...post, expiresAt: '2024-05-01T10:10:01.000Z' },
    expected: [
      {
        type: 'StatusPosted',
        data: { ...posted.data, expiresAt: '2024-05-01T10:10:01.000Z' },
      } as StatusEvent,
    ],
  },
  {
    name: "a status living 600 s or less is refused (Pleroma's min_lifetime)",
    given: [],
    when: { ...post, expiresAt: '2024-05-01T10:10:00.000Z' },
    error: { status: 422, message: 'Expiry date is too soon' },
  },
  {
    name: 'an end already past is refused too',
    given: [],
    when: { ...post, expiresAt: '2024-05-01T09:00:00.000Z' },
    error: { status: 422, message: 'Expiry date is too soon' },
  },
  {
    name: 'more attachments than the instance allows are refused',
    given: [],
    when: { ...post, mediaIds: Array.from({ length: MAX_MEDIA_ATTACHMENTS + 1 }, (_, i) => String(i + 1)) },
    error: { status: 422, message: 'Too many attachments' },
  },
  {
    name: 'a non-direct reply to a direct message is refused',
    given: [],
    when: { ...post, visibility: 'private', inReplyTo: dmParent },
    error: { status: 422, message: 'The message visibility must be direct' },
  },
  {
    name: 'the author deletes',
    given: [posted],
    when: { type: 'DeleteStatus', actorId: 'alice' },
    expected: [deleted],
  },
  {
    name: 'someone else may not delete: 404 like Pleroma',
    given: [posted],
    when: { type: 'DeleteStatus', actorId: 'bob' },
    error: { status: 404, message: 'Record not found' },
  },
  {
    name: 'an unknown status cannot be deleted',
    given: [],
    when: { type: 'DeleteStatus', actorId: 'alice' },
    error: { status: 404, message: 'Record not found' },
  },
  {
    name: 'a deleted status cannot be deleted again',
    given: [posted, deleted],
    when: { type: 'DeleteStatus', actorId: 'alice' },
    error: { status: 404 },
  },
];

describe('status decider', () => {
  for (const testCase of cases) it(testCase.name, () => runCase(statusDecider, testCase));
});

describe('StatusPosted upcast', () => {
  it('reads an event stored before mediaIds existed as one without attachments', () => {
    const { mediaIds: _, ...old } = (posted as Extract<StatusEvent, { type: 'StatusPosted' }>).data;
    expect(upcastStatusEvent({ type: 'StatusPosted', data: old })).toEqual(posted);
    expect(upcastStatusEvent(deleted)).toBe(deleted);
  });

  it('reads an event stored before emojis existed as one using no custom emoji', () => {
    const data = (posted as Extract<StatusEvent, { type: 'StatusPosted' }>).data;
    const { emojis: _, ...old } = data;
    expect(upcastStatusEvent({ type: 'StatusPosted', data: old })).toEqual(posted);
    const { mediaIds: _m, emojis: _e, ...oldest } = data;
    expect(upcastStatusEvent({ type: 'StatusPosted', data: oldest })).toEqual(posted);
    const current = { type: 'StatusPosted', data: { ...data, emojis: [blobfox] } };
    expect(upcastStatusEvent(current)).toBe(current);
  });
});

describe('idempotency decider', () => {
  const reserve = { type: 'ReserveIdempotencyKey', accountId: 'alice', statusId: '1' } as const;
  const reserved = { type: 'IdempotencyKeyReserved', data: { accountId: 'alice', statusId: '1' } } as const;
  it('the first request claims the key for its status id', () =>
    runCase(idempotencyDecider, { name: '', given: [], when: reserve, expected: [reserved] }));
  it('a later request appends nothing and finds the first id in the state', () => {
    runCase(idempotencyDecider, {
      name: '',
      given: [reserved],
      when: { ...reserve, statusId: '2' },
      expected: [],
    });
    expect(idempotencyDecider.evolve(idempotencyDecider.initialState, reserved)).toEqual({
      status: 'held',
      statusId: '1',
    });
  });
});
