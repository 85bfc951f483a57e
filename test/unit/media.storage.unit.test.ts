import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileStorage } from '../../src/storage/filesystem.js';
import { isSafeKey, type MediaStorage } from '../../src/storage/storage.js';

let dir: string;
let storage: MediaStorage;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'annals-storage-'));
  storage = createFileStorage({ root: join(dir, 'uploads'), baseUrl: 'https://social.example/media' });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the filesystem media storage', () => {
  it('stores, serves and deletes a file, leaving no temporary file behind', async () => {
    await storage.put('abc.png', Buffer.from('png bytes'), 'image/png');
    expect(storage.url('abc.png')).toBe('https://social.example/media/abc.png');
    const stored = await storage.get('abc.png');
    expect(stored).toMatchObject({ contentType: 'image/png', size: 9 });
    expect(await readFile(join(dir, 'uploads', 'abc.png'), 'utf8')).toBe('png bytes');
    expect(await readdir(join(dir, 'uploads', '.tmp'))).toEqual([]);
    await storage.delete('abc.png');
    expect(await storage.get('abc.png')).toBeUndefined();
    await storage.delete('abc.png'); // an absent key is not an error
  });

  it('stores a stream as it arrives, all or nothing', async () => {
    const { Readable } = await import('node:stream');
    const parts = async function* () {
      yield Buffer.from('zip ');
      yield Buffer.from('bytes');
    };
    expect(await storage.putStream('backups/a.zip', Readable.from(parts()), 'application/zip')).toEqual({
      size: 9,
    });
    expect(await readFile(join(dir, 'uploads', 'backups', 'a.zip'), 'utf8')).toBe('zip bytes');
    const failing = async function* () {
      yield Buffer.from('half');
      throw new Error('source failed');
    };
    await expect(
      storage.putStream('backups/b.zip', Readable.from(failing()), 'application/zip'),
    ).rejects.toThrow('source failed');
    expect(await storage.get('backups/b.zip')).toBeUndefined();
    expect(await readdir(join(dir, 'uploads', '.tmp'))).toEqual([]);
    await storage.delete('backups/a.zip');
  });

  it('refuses keys that could leave its folder or name hidden files', async () => {
    for (const key of ['../escape.png', 'a/../../b', '/etc/passwd', '.tmp/x', '', 'a//b', 'a\\..\\b', '..']) {
      expect(isSafeKey(key)).toBe(false);
      await expect(storage.put(key, Buffer.from('x'), 'image/png')).rejects.toThrow(/Unsafe storage key/);
      expect(await storage.get(key)).toBeUndefined();
    }
    expect(await readdir(dir)).toEqual(['uploads']);
  });
});
