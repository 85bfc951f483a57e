import { appToken } from './accounts.js';
import { createTestApp, type TestApp, useApp } from './app.js';

/** A test app and the Authorization header of an app-only token on it (what registration needs). */
export interface AccountsApp {
  t: TestApp;
  appBearer: string;
}

/**
 * The test file's set-up: before its tests, makes an AccountsApp and hands it to `receive`; after them,
 * closes it.
 */
export const useAccountsApp = (receive: (made: AccountsApp) => void) =>
  useApp(createTestApp, async (t) => ({ t, appBearer: `Bearer ${(await appToken(t)).token}` }), receive);
