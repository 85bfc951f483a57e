import { userWithToken } from './accounts.js';
import type { TestApp } from './app.js';

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
