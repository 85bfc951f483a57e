import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { presentConversations } from '../../src/api/conversations/present.js';
import { presentNotifications } from '../../src/api/notifications/present.js';
import { presentStatuses } from '../../src/api/statuses/gather.js';
import { conversationsPage } from '../../src/projections/conversations/queries.js';
import { notificationsPage } from '../../src/projections/notifications/queries.js';
import type { Page } from '../../src/projections/pagination.js';
import { homeTimeline } from '../../src/projections/statuses/queries.js';
import * as images from '../fixtures/media/images.js';
import { upload } from '../helpers/media.js';
import { bearer, getAs, posted } from '../helpers/statuses.js';
import { type StatusesApp, type User, useStatusesApp } from '../helpers/statusesApi.js';

/**
 * Home, conversations and notifications pages are read with what rendering them needs in one statement, the
 * gather's ids selected from the page in SQL (api/statuses/gathered.ts). Everything else gathers with ids from
 * JavaScript. Both must render the same: here on pages holding a reply whose parent is off the page, media,
 * a favourite, a reaction, a direct conversation and notifications with and without statuses.
 */

let { t, alice, bob, carol } = {} as StatusesApp;
useStatusesApp((made) => ({ t, alice, bob, carol } = made));

const json = (value: unknown) => JSON.parse(JSON.stringify(value));
const pages: [string, Page][] = [
  ['', { limit: 20 }],
  ['?limit=1', { limit: 1 }],
  ['?limit=2', { limit: 2 }],
  ['?limit=3', { limit: 3 }],
];

beforeAll(async () => {
  const follow = (user: User, whom: User) =>
    request(t.app).post(`/api/v1/accounts/${whom.account.id}/follow`).set(bearer(user)).expect(200);
  await follow(alice, bob);
  await follow(carol, alice);
  const media = await upload(t, 'post', '/api/v1/media', alice.token, 'file', images.png(3, 2));
  const pictured = await posted(t, alice.token, { status: 'a picture', media_ids: [media.body.id] });
  const bobs = await posted(t, bob.token, { status: 'hi @alice' });
  await posted(t, carol.token, { status: 'between' });
  const reply = await posted(t, alice.token, { status: '@bob hi back', in_reply_to_id: bobs.id });
  await request(t.app).post(`/api/v1/statuses/${pictured.id}/favourite`).set(bearer(carol)).expect(200);
  await request(t.app)
    .put(`/api/v1/pleroma/statuses/${reply.id}/reactions/${encodeURIComponent('👍')}`)
    .set(bearer(bob))
    .expect(200);
  await posted(t, carol.token, { status: '@alice a secret', visibility: 'direct' });
});

describe('a page read with its gather in one statement', () => {
  it('home renders as the statuses gathered on their own', async () => {
    for (const [query, page] of pages) {
      const res = await getAs(t, `/api/v1/timelines/home${query}`, alice.token);
      const records = await homeTimeline(t.deps.db, alice.account.id, page);
      expect(res.body).toEqual(json(await presentStatuses(t.deps, records, alice.account.id)));
    }
    const [newest, ...rest] = (await getAs(t, '/api/v1/timelines/home', alice.token)).body;
    expect(newest.content).toContain('a secret');
    const reply = rest.find((s: { in_reply_to_id: string | null }) => s.in_reply_to_id);
    expect(reply.pleroma.in_reply_to_account_acct).toBe('bob');
    expect(reply.pleroma.emoji_reactions).toMatchObject([{ name: '👍', count: 1, me: false }]);
    const pictured = rest.find((s: { media_attachments: unknown[] }) => s.media_attachments.length > 0);
    expect(pictured.favourites_count).toBe(1);
  });

  it('conversations render as their last statuses and recipients gathered on their own', async () => {
    const res = await getAs(t, '/api/v1/conversations', alice.token);
    expect(res.body.map((c: { accounts: { acct: string }[] }) => c.accounts.map((a) => a.acct))).toEqual([
      ['carol'],
    ]);
    for (const [query, page] of pages) {
      const body = (await getAs(t, `/api/v1/conversations${query}`, alice.token)).body;
      const records = await conversationsPage(t.deps.db, alice.account.id, page);
      expect(body).toEqual(json(await presentConversations(t.deps, records, alice.account.id)));
    }
  });

  it('notifications render as their statuses, actors and targets gathered on their own', async () => {
    const res = await getAs(t, '/api/v1/notifications', alice.token);
    const types = res.body.map((n: { type: string }) => n.type);
    expect(new Set(types)).toEqual(new Set(['mention', 'favourite', 'pleroma:emoji_reaction', 'follow']));
    for (const [query, page] of pages) {
      const body = (await getAs(t, `/api/v1/notifications${query}`, alice.token)).body;
      const records = await notificationsPage(t.deps.db, alice.account.id, {}, page);
      expect(body).toEqual(json(await presentNotifications(t.deps, records, alice.account.id)));
    }
  });
});
