import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { settled } from '../helpers/notifications.js';
import { bearer, getAs, posted } from '../helpers/statuses.js';

/**
 * §12.1's self-only fields (notification_settings, unread_conversation_count, unread_notifications_count, email)
 * are there wherever the reader's own account is rendered, as Pleroma's AccountView renders them for
 * `for: user`: settings and address are the real ones everywhere; the unread counts are counted where the account
 * is the answer and 0 where it is embedded (api/accounts/selfFacts.ts says why). Others never see them.
 */

type User = Awaited<ReturnType<typeof userWithToken>>;
let t: TestApp;
let alice: User;
let bob: User;
let own: Record<string, unknown>;

const SELF_KEYS = [
  'notification_settings',
  'unread_conversation_count',
  'unread_notifications_count',
  'email',
];
const selfFields = (account: unknown) => {
  const { pleroma } = account as { pleroma: Record<string, unknown> };
  return Object.fromEntries(SELF_KEYS.map((key) => [key, pleroma[key]]));
};

beforeAll(async () => {
  t = await createTestApp();
  [alice, bob] = await Promise.all([userWithToken(t, 'alice'), userWithToken(t, 'bob')]);
  await request(t.app)
    .put('/api/pleroma/notification_settings')
    .set(bearer(bob))
    .send({ hide_notification_contents: true })
    .expect(200);
  await request(t.app).post(`/api/v1/accounts/${bob.account.id}/follow`).set(bearer(alice)).expect(200);
  await posted(t, alice.token, { status: '@bob a secret', visibility: 'direct' });
  await posted(t, alice.token, { status: '@bob hello' });
  await settled(t);
  own = selfFields((await getAs(t, '/api/v1/accounts/verify_credentials', bob.token)).body);
});
afterAll(() => t.close());

describe("the reader's own account, wherever it is rendered", () => {
  it('has the real settings and address everywhere, the counts where it is the answer', async () => {
    expect(own).toEqual({
      notification_settings: { block_from_strangers: false, hide_notification_contents: true },
      unread_conversation_count: 1,
      unread_notifications_count: 3,
      email: 'bob@example.org',
    });
    const lookup = await getAs(t, `/api/v1/accounts/${bob.account.id}`, bob.token);
    expect(selfFields(lookup.body)).toEqual(own);
    const embedded = { ...own, unread_conversation_count: 0, unread_notifications_count: 0 };
    const status = await posted(t, bob.token, { status: 'mine' });
    expect(selfFields(status.account)).toEqual(embedded);
    const [newest] = (await getAs(t, '/api/v1/timelines/home', bob.token)).body;
    expect([newest.id, selfFields(newest.account)]).toEqual([status.id, embedded]);
    const followers = await getAs(t, `/api/v1/accounts/${alice.account.id}/following`, bob.token);
    expect(selfFields(followers.body[0])).toEqual(embedded);
  });

  it('has none of them for anyone else', async () => {
    const status = await posted(t, bob.token, { status: 'seen by alice' });
    const shown = await getAs(t, `/api/v1/statuses/${status.id}`, alice.token);
    expect(selfFields(shown.body.account)).toEqual(
      Object.fromEntries(SELF_KEYS.map((key) => [key, undefined])),
    );
  });
});
