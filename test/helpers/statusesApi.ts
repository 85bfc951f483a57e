import type { Visibility } from '../../src/domain/status/events.js';
import { userWithToken } from './accounts.js';
import type { TestApp } from './app.js';
import { postAs } from './statuses.js';

export type User = Awaited<ReturnType<typeof userWithToken>>;

/** The cast of the status tests: alice, bob and carol with the default scopes, and a reader with `read` alone. */
export function statusUsers(t: TestApp): Promise<[User, User, User, User]> {
  return Promise.all([
    userWithToken(t, 'alice'),
    userWithToken(t, 'bob'),
    userWithToken(t, 'carol'),
    userWithToken(t, 'reader', ['read']),
  ]);
}

/** postAs on the app `app()` answers once the test file's beforeAll made it: answers the new status id. */
export const poster =
  (app: () => TestApp) =>
  (author: User, text: string, visibility: Visibility = 'public') =>
    postAs(app(), author, text, visibility);
