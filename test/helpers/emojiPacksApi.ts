import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { png } from '../fixtures/media/images.js';
import { useApp } from './app.js';
import { adminWithToken, createPackApp, type PackTestApp } from './emojiPacks.js';

/** The pack-management API (§7) under /api/v1. */
export const V1 = '/api/v1/pleroma/emoji';
export const kitty = png(2, 2, [10, 20, 30]);
export const tiger = png(3, 1, [200, 100, 0]);

export type PackAdminApp = Awaited<ReturnType<typeof packAdminApp>>;

/**
 * The test file's set-up: before its tests, makes a PackAdminApp and hands it to `receive` (which keeps
 * what the file uses); after them, closes it.
 */
export const usePackAdminApp = (receive: (made: PackAdminApp) => void) =>
  // A small pack limit, so a bomb is a few kilobytes; an upload limit a test can pass.
  useApp(
    () => createPackApp({ env: { EMOJI_PACK_LIMIT: '1048576', UPLOAD_LIMIT: '200000' } }),
    packAdminApp,
    receive,
  );

/** The pack app `t` (a sandbox copy of the fixture packs), an admin token on it, and the requests made with it. */
async function packAdminApp(t: PackTestApp) {
  const http = request(t.app);
  const admin = await adminWithToken(t, 'emoji_admin');
  const auth = { Authorization: `Bearer ${admin.token}` };
  /** POST …/packs/files: `bytes` uploaded as `filename`, with the form `fields`. */
  const addFile = (
    pack: string,
    bytes: Buffer,
    fields: Record<string, string> = {},
    filename = 'upload.png',
  ) => {
    let req = http.post(`${V1}/packs/files?name=${encodeURIComponent(pack)}`).set(auth);
    for (const [key, value] of Object.entries(fields)) req = req.field(key, value);
    return req.attach('file', bytes, { filename, contentType: 'image/png' });
  };
  return {
    t,
    http,
    auth,
    adminId: admin.account.id,
    addFile,
    packJsonOf: async (pack: string) =>
      JSON.parse(await readFile(join(t.emojiDir, pack, 'pack.json'), 'utf8')),
    /**
     * Creates `pack` and adds `files` (shortcode → file name and bytes) through the API: the pack a test
     * file's earlier tests would have left, for tests that start from it.
     */
    createPack: async (pack: string, files: Record<string, [string, Buffer]> = {}) => {
      await http.post(`${V1}/pack?name=${pack}`).set(auth).expect(200);
      for (const [shortcode, [filename, bytes]] of Object.entries(files)) {
        await addFile(pack, bytes, { shortcode, filename }).expect(200);
      }
    },
    /** Whether `path` (inside the packs folder) exists. */
    exists: (path: string) =>
      stat(join(t.emojiDir, path)).then(
        () => true,
        () => false,
      ),
  };
}
