import request from 'supertest';
import { createTestApp, type TestApp, useApp } from './app.js';
import { as } from './notifications.js';
import { type User, usersWithTokens } from './relationships.js';
import { posted } from './statuses.js';

/** A test app with the cast of the notification tests: alice, bob, carol and dave. */
export interface NotificationsApp {
  t: TestApp;
  alice: User;
  bob: User;
  carol: User;
  dave: User;
}

/**
 * The test file's set-up: before its tests, makes a NotificationsApp and hands it to `receive` (which keeps
 * what the file uses); after them, closes it.
 */
export const useNotificationsApp = (receive: (made: NotificationsApp) => void) =>
  useApp(
    createTestApp,
    async (t) => {
      const [alice, bob, carol, dave] = await usersWithTokens(t, ['alice', 'bob', 'carol', 'dave'] as const);
      return { t, alice, bob, carol, dave };
    },
    receive,
  );

/** The acts the notification tests cause notifications with, on the app `app()` answers. */
export function notificationActs(app: () => TestApp) {
  const post = (path: string, user: User, body: object = {}) =>
    request(app().app).post(path).set(as(user)).send(body);
  const relate = (user: User, action: string, whom: User, body: object = {}) =>
    post(`/api/v1/accounts/${whom.account.id}/${action}`, user, body);
  const say = (user: User, status: string, extra: object = {}) =>
    posted(app(), user.token, { status, ...extra });
  const react = (user: User, statusId: string, emoji: string) =>
    request(app().app)
      .put(`/api/v1/pleroma/statuses/${statusId}/reactions/${encodeURIComponent(emoji)}`)
      .set(as(user));
  return { post, relate, say, react };
}
