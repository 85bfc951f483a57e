import { userWithToken } from './accounts.js';
import { createTestApp, type TestApp, useApp } from './app.js';
import { upload } from './media.js';

type User = Awaited<ReturnType<typeof userWithToken>>;

export const UPLOAD_LIMIT = 65_536;

/** A test app with alice, bob and a reader with `read` alone, and the upload the media tests make. */
export interface MediaApp {
  t: TestApp;
  alice: User;
  bob: User;
  reader: User;
  /** A multipart upload of `bytes` to `path`, as alice unless another token is given. */
  post(
    bytes: Buffer,
    options?: Parameters<typeof upload>[6],
    token?: string,
    path?: string,
  ): ReturnType<typeof upload>;
}

/**
 * The test file's set-up: before its tests, makes a MediaApp and hands it to `receive` (which keeps what
 * the file uses); after them, closes it.
 */
export const useMediaApp = (receive: (made: MediaApp) => void) =>
  useApp(
    // A body limit far below the upload limit: uploads must be bounded by the latter only.
    () => createTestApp({ env: { UPLOAD_LIMIT: String(UPLOAD_LIMIT), BODY_LIMIT: '1kb' } }),
    async (t) => {
      const [alice, bob, reader] = await Promise.all([
        userWithToken(t, 'alice'),
        userWithToken(t, 'bob'),
        userWithToken(t, 'reader', ['read']),
      ]);
      const post: MediaApp['post'] = (bytes, options = {}, token = alice.token, path = '/api/v1/media') =>
        upload(t, 'post', path, token, 'file', bytes, options);
      return { t, alice, bob, reader, post };
    },
    receive,
  );
