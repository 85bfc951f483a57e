import type { Visibility } from '../../src/domain/status/events.js';
import { userWithToken } from './accounts.js';
import { createTestApp, type TestApp, type TestAppOptions, useApp } from './app.js';
import { postAs } from './statuses.js';

export type User = Awaited<ReturnType<typeof userWithToken>>;

/** A test app with the cast of the status tests: alice, bob and carol, and a reader with `read` alone. */
export interface StatusesApp {
  t: TestApp;
  alice: User;
  bob: User;
  carol: User;
  reader: User;
}

/**
 * The test file's set-up: before its tests, makes a StatusesApp and hands it to `receive` (which keeps
 * what the file uses); after them, closes it.
 */
export const useStatusesApp = (receive: (made: StatusesApp) => void, options?: TestAppOptions) =>
  useApp(
    () => createTestApp(options),
    async (t) => {
      const [alice, bob, carol, reader] = await Promise.all([
        userWithToken(t, 'alice'),
        userWithToken(t, 'bob'),
        userWithToken(t, 'carol'),
        userWithToken(t, 'reader', ['read']),
      ]);
      return { t, alice, bob, carol, reader };
    },
    receive,
  );

/** postAs on the app `app()` answers once the test file's beforeAll made it: answers the new status id. */
export const poster =
  (app: () => TestApp) =>
  (author: User, text: string, visibility: Visibility = 'public') =>
    postAs(app(), author, text, visibility);
