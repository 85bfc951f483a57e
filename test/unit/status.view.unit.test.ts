import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/api/entities/account.js';
import { DEFAULT_STATUS_EXTRAS, renderStatus } from '../../src/api/views/status.js';
import type { StatusRecord } from '../../src/projections/statuses/queries.js';

const config = { PUBLIC_URL: 'https://social.example' };
// The author arrives rendered (views/account.ts has its own tests): a stand-in is enough here.
const account = { id: '111', acct: 'alice' } as Account;

const record: StatusRecord = {
  id: '7000000000000000001',
  objectId: '0b5c5a9e-1f1c-4b7e-9c43-2d6f3f0c1a11',
  accountId: '111',
  visibility: 'unlisted',
  text: 'hi @bob #Cofe',
  contentHtml: 'hi <span class="h-card">…</span> <a class="hashtag">#Cofe</a>',
  spoilerText: 'cw & co',
  sensitive: false,
  inReplyToId: '6999999999999999999',
  inReplyToAccountId: '222',
  mentions: [{ accountId: '222', nickname: 'bob' }],
  tags: ['cofe'],
  language: 'en',
  context: 'https://social.example/contexts/5b1e',
  application: { id: '9', name: 'Soapbox', website: 'https://soapbox.pub' },
  repliesCount: 2,
  mediaIds: [],
  emojis: [],
  createdAt: new Date('2024-05-01T10:00:00.789Z'),
  expiresAt: null,
};

const options = {
  config,
  viewerId: '333',
  account,
  extras: DEFAULT_STATUS_EXTRAS,
  inReplyToAccountAcct: 'bob',
  parentVisible: true,
};

const golden = {
  id: '7000000000000000001',
  uri: 'https://social.example/objects/0b5c5a9e-1f1c-4b7e-9c43-2d6f3f0c1a11',
  url: 'https://social.example/notice/7000000000000000001',
  account,
  in_reply_to_id: '6999999999999999999',
  in_reply_to_account_id: '222',
  reblog: null,
  card: null,
  content: 'hi <span class="h-card">…</span> <a class="hashtag">#Cofe</a>',
  text: null,
  created_at: '2024-05-01T10:00:00.000Z',
  edited_at: null,
  reblogs_count: 0,
  replies_count: 2,
  favourites_count: 0,
  reblogged: false,
  favourited: false,
  bookmarked: false,
  muted: false,
  pinned: false,
  sensitive: false,
  spoiler_text: 'cw & co',
  visibility: 'unlisted',
  media_attachments: [],
  poll: null,
  mentions: [{ id: '222', acct: 'bob', username: 'bob', url: 'https://social.example/users/bob' }],
  tags: [{ name: 'cofe', url: 'https://social.example/tag/cofe' }],
  application: { name: 'Soapbox', website: 'https://soapbox.pub' },
  language: null, // §12.3, though the record has 'en'
  emojis: [],
  quotes_count: 0,
  pleroma: {
    local: true,
    conversation_id: 0,
    context: 'https://social.example/contexts/5b1e',
    in_reply_to_account_acct: 'bob',
    quote: null,
    quote_id: null,
    quote_url: null,
    quote_visible: false,
    quotes_count: 0,
    content: { 'text/plain': 'hi @bob #Cofe' },
    spoiler_text: { 'text/plain': 'cw & co' },
    expires_at: null,
    direct_conversation_id: null,
    thread_muted: false,
    emoji_reactions: [],
    parent_visible: true,
    pinned_at: null,
    bookmark_folder: null,
    list_id: null,
  },
};

/** The conversation id is a checksum of the context: compared apart, so the golden stays readable. */
const normalised = (status: ReturnType<typeof renderStatus>) => ({
  ...status,
  pleroma: { ...status.pleroma, conversation_id: 0 },
});

describe('Status view (§12.3)', () => {
  it('renders every field, matching the golden entity', () => {
    const status = renderStatus(record, options);
    expect(normalised(status)).toEqual(golden);
    expect(status.pleroma.conversation_id).toBeGreaterThan(0);
    expect(status.pleroma.conversation_id).toBeLessThanOrEqual(0x7fffffff);
  });

  it('carries the source text only when asked (the DELETE response)', () => {
    expect(renderStatus(record, { ...options, withSource: true }).text).toBe('hi @bob #Cofe');
  });

  it('takes what other read models contribute from the extras', () => {
    const reaction = { name: '👍', count: 2, me: true, url: null, account_ids: ['333', '222'] };
    const status = renderStatus(record, {
      ...options,
      extras: { ...DEFAULT_STATUS_EXTRAS, favouritesCount: 3, favourited: true, emojiReactions: [reaction] },
    });
    expect(status).toMatchObject({
      favourites_count: 3,
      favourited: true,
      pleroma: { emoji_reactions: [reaction] },
    });
  });

  it('renders the custom emoji the record keeps, the static image being the image itself', () => {
    const emojis = [
      { shortcode: 'blobfox', url: 'https://social.example/emoji/blobs/blobfox.png' },
      { shortcode: 'happy', url: 'https://social.example/emoji/listed/happy.png' },
    ];
    expect(renderStatus({ ...record, emojis }, options).emojis).toEqual([
      {
        shortcode: 'blobfox',
        url: 'https://social.example/emoji/blobs/blobfox.png',
        static_url: 'https://social.example/emoji/blobs/blobfox.png',
        visible_in_picker: false,
      },
      {
        shortcode: 'happy',
        url: 'https://social.example/emoji/listed/happy.png',
        static_url: 'https://social.example/emoji/listed/happy.png',
        visible_in_picker: false,
      },
    ]);
  });

  it('marks a status tagged #nsfw sensitive, as Pleroma does', () => {
    expect(renderStatus({ ...record, tags: ['nsfw'] }, options).sensitive).toBe(true);
  });
});
