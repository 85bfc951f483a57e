import request from 'supertest';
import { expect } from 'vitest';
import { postStatus as postStatusUseCase } from '../../src/commands/statuses/index.js';
import type { Visibility } from '../../src/domain/status/events.js';
import type { userWithToken } from './accounts.js';
import type { TestApp } from './app.js';
import { testContext } from './context.js';

/** POST /api/v1/statuses as JSON with a user token; answers the supertest response. */
export function postStatus(
  t: TestApp,
  token: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const req = request(t.app).post('/api/v1/statuses').set('Authorization', `Bearer ${token}`);
  for (const [name, value] of Object.entries(headers)) req.set(name, value);
  return req.send(body);
}

/** Posts and answers the rendered status, failing the test on anything but 200. */
export async function posted(t: TestApp, token: string, body: Record<string, unknown>) {
  const res = await postStatus(t, token, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { id: string } & Record<string, unknown>;
}

/** GET with an optional user token. */
export function getAs(t: TestApp, path: string, token?: string) {
  const req = request(t.app).get(path);
  return token ? req.set('Authorization', `Bearer ${token}`) : req;
}

/** Every key of the Status entity (§12.3), top level and under `pleroma`. */
export const STATUS_KEYS = [
  'id',
  'uri',
  'url',
  'account',
  'in_reply_to_id',
  'in_reply_to_account_id',
  'reblog',
  'card',
  'content',
  'text',
  'created_at',
  'edited_at',
  'reblogs_count',
  'replies_count',
  'favourites_count',
  'reblogged',
  'favourited',
  'bookmarked',
  'muted',
  'pinned',
  'sensitive',
  'spoiler_text',
  'visibility',
  'media_attachments',
  'poll',
  'mentions',
  'tags',
  'application',
  'language',
  'emojis',
  'quotes_count',
  'pleroma',
].sort();

export const STATUS_PLEROMA_KEYS = [
  'local',
  'conversation_id',
  'context',
  'in_reply_to_account_acct',
  'quote',
  'quote_id',
  'quote_url',
  'quote_visible',
  'quotes_count',
  'content',
  'spoiler_text',
  'expires_at',
  'direct_conversation_id',
  'thread_muted',
  'emoji_reactions',
  'parent_visible',
  'pinned_at',
  'bookmark_folder',
  'list_id',
].sort();

type TestUser = Awaited<ReturnType<typeof userWithToken>>;

/** The Authorization header of a test user's token. */
export const bearer = (user: Pick<TestUser, 'token'>) => ({ Authorization: `Bearer ${user.token}` });

/** Posts through the use case (no HTTP) and answers the new status id. */
export async function postAs(t: TestApp, author: TestUser, text: string, visibility: Visibility = 'public') {
  const context = testContext(author.account.id);
  return (await postStatusUseCase(t.deps, author.account.id, { status: text, visibility }, context)).id;
}
