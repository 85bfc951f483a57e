import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { appendsNothing } from '../helpers/eventLog.js';
import { as } from '../helpers/notifications.js';
import { type User, usersWithTokens } from '../helpers/relationships.js';

let t: TestApp;
let user: User;

const put = (query = '', body?: object) =>
  request(t.app).put(`/api/pleroma/notification_settings${query}`).set(as(user)).send(body);
const settings = async () =>
  (await request(t.app).get('/api/v1/accounts/verify_credentials').set(as(user))).body.pleroma
    .notification_settings;

beforeAll(async () => {
  t = await createTestApp();
  [user] = await usersWithTokens(t, ['settler'] as const);
});
afterAll(() => t.close());

describe('PUT /api/pleroma/notification_settings (§1.4)', () => {
  it('starts with both settings false on the owner’s Account, and shows them to the owner only', async () => {
    expect(await settings()).toEqual({ block_from_strangers: false, hide_notification_contents: false });
    const other = await request(t.app).get(`/api/v1/accounts/${user.account.id}`);
    expect(other.body.pleroma.notification_settings).toBeUndefined();
  });

  it('changes only the settings given, from the query string', async () => {
    const res = await put('?block_from_strangers=true');
    expect([res.status, res.body]).toEqual([200, { status: 'success' }]);
    expect(await settings()).toEqual({ block_from_strangers: true, hide_notification_contents: false });
  });

  it('takes form or JSON bodies, and true/false/1/0 in any case', async () => {
    await request(t.app)
      .put('/api/pleroma/notification_settings')
      .set(as(user))
      .type('form')
      .send('hide_notification_contents=TRUE&block_from_strangers=0');
    expect(await settings()).toEqual({ block_from_strangers: false, hide_notification_contents: true });
    await put('', { hide_notification_contents: false, block_from_strangers: '1' });
    expect(await settings()).toEqual({ block_from_strangers: true, hide_notification_contents: false });
  });

  it('appends nothing when nothing changes, or for unknown keys alone', async () => {
    await appendsNothing(t, async () => {
      expect((await put('?block_from_strangers=True')).body).toEqual({ status: 'success' });
      expect((await put('?something_else=true')).body).toEqual({ status: 'success' });
    });
  });

  it('refuses other values with a 400 (Pleroma ends in a 500) and stores nothing', async () => {
    await appendsNothing(t, async () => {
      for (const value of ['off', 'yes', 'maybe']) {
        const res = await put(`?block_from_strangers=${value}`);
        expect(res.status, value).toBe(400);
        expect(res.body.error).toContain('block_from_strangers');
      }
    });
    expect(await settings()).toEqual({ block_from_strangers: true, hide_notification_contents: false });
  });

  it('exists only under /api/pleroma (§0.1)', async () => {
    const res = await request(t.app)
      .put('/api/v1/pleroma/notification_settings?block_from_strangers=false')
      .set(as(user));
    expect([res.status, res.body]).toEqual([404, { error: 'Not implemented' }]);
  });

  it('records the change as an event with the settings afterwards', async () => {
    const events = await t.deps.eventStore.readStream(`notifications-${user.account.id}`);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      [
        'NotificationSettingsUpdated',
        { accountId: user.account.id, blockFromStrangers: true, hideNotificationContents: false },
      ],
      [
        'NotificationSettingsUpdated',
        { accountId: user.account.id, blockFromStrangers: false, hideNotificationContents: true },
      ],
      [
        'NotificationSettingsUpdated',
        { accountId: user.account.id, blockFromStrangers: true, hideNotificationContents: false },
      ],
    ]);
  });
});
