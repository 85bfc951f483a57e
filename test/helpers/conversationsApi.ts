import request from 'supertest';
import { expect } from 'vitest';
import { userWithToken } from './accounts.js';
import { createTestApp, type TestApp, useApp } from './app.js';
import { getAs, posted } from './statuses.js';

export type User = Awaited<ReturnType<typeof userWithToken>>;

export type Conversation = {
  id: string;
  unread: boolean;
  accounts: { id: string; acct: string }[];
  last_status: { id: string; pleroma: { direct_conversation_id: number | null } } | null;
};

export type Posted = { id: string; pleroma: { context: string; direct_conversation_id: number | null } };

export const UNKNOWN = { error: 'Unknown conversation id' };

export const accts = (c: Conversation) => c.accounts.map((a) => a.acct);

/** A test app with the cast of the conversation tests: alice to reader, and readOnly with `read` alone. */
export interface ConversationsApp {
  t: TestApp;
  alice: User;
  bob: User;
  carol: User;
  dave: User;
  reader: User;
  readOnly: User;
}

/**
 * The test file's set-up: before its tests, makes a ConversationsApp and hands it to `receive` (which keeps
 * what the file uses); after them, closes it.
 */
export const useConversationsApp = (receive: (made: ConversationsApp) => void) =>
  useApp(
    createTestApp,
    async (t) => {
      const [alice, bob, carol, dave, reader, readOnly] = await Promise.all([
        userWithToken(t, 'alice'),
        userWithToken(t, 'bob'),
        userWithToken(t, 'carol'),
        userWithToken(t, 'dave'),
        userWithToken(t, 'reader'),
        userWithToken(t, 'readonly', ['read']),
      ]);
      return { t, alice, bob, carol, dave, reader, readOnly };
    },
    receive,
  );

/** The requests the conversation tests make, of the app `app()` answers (once the file's beforeAll made it). */
export function conversationRequests(app: () => TestApp) {
  const as = (user: User) => ({ Authorization: `Bearer ${user.token}` });
  const send = (method: 'post' | 'put' | 'patch' | 'delete', path: string, user: User) =>
    request(app().app)[method](path).set(as(user));
  async function conversations(user: User, query = ''): Promise<Conversation[]> {
    const res = await getAs(app(), `/api/v1/conversations${query}`, user.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  }
  const dm = async (user: User, body: Record<string, unknown>) =>
    (await posted(app(), user.token, { visibility: 'direct', ...body })) as unknown as Posted;
  async function unreadCount(user: User): Promise<number> {
    const res = await getAs(app(), '/api/v1/accounts/verify_credentials', user.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.pleroma.unread_conversation_count;
  }
  return { send, conversations, dm, unreadCount };
}
