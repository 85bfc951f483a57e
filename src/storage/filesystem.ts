import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { contentTypeOfKey } from '../media/types.js';
import { isSafeKey, type MediaStorage, type StoredObject, UnsafeKeyError } from './storage.js';

export interface FileStorageOptions {
  /** The folder files are kept in (DATA_DIR/uploads). */
  root: string;
  /** Where the media route is served: `${PUBLIC_URL}/media`. */
  baseUrl: string;
}

/**
 * Uploads as files under one folder. A file is written to a temporary name beside the others and renamed into
 * place, so it appears whole or not at all. Every key is checked before it touches the file system, and the
 * resolved path must stay inside the folder. The content type is the key's extension, which the uploader
 * chose from the file's bytes.
 */
export function createFileStorage(options: FileStorageOptions): MediaStorage {
  const root = resolve(options.root);
  const tmp = join(root, '.tmp');

  const pathOf = (key: string): string => {
    if (!isSafeKey(key)) throw new UnsafeKeyError(key);
    const path = resolve(root, key);
    if (!path.startsWith(root + sep)) throw new UnsafeKeyError(key);
    return path;
  };

  return {
    async put(key, bytes) {
      const path = pathOf(key);
      await mkdir(tmp, { recursive: true });
      await mkdir(dirname(path), { recursive: true });
      const partial = join(tmp, `${randomUUID()}.part`);
      const handle = await open(partial, 'wx', 0o644);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(partial, path);
      } catch (error) {
        await unlink(partial).catch(() => undefined);
        throw error;
      }
    },

    async putStream(key, body: Readable) {
      const path = pathOf(key);
      await mkdir(tmp, { recursive: true });
      await mkdir(dirname(path), { recursive: true });
      const partial = join(tmp, `${randomUUID()}.part`);
      const handle = await open(partial, 'wx', 0o644);
      let size = 0;
      try {
        try {
          await pipeline(body, async (source: AsyncIterable<Buffer | string>) => {
            for await (const chunk of source) {
              const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
              size += bytes.length;
              await handle.write(bytes);
            }
          });
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(partial, path);
      } catch (error) {
        await unlink(partial).catch(() => undefined);
        throw error;
      }
      return { size };
    },

    async get(key): Promise<StoredObject | undefined> {
      if (!isSafeKey(key)) return undefined;
      const path = pathOf(key);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) return undefined;
      return { contentType: contentTypeOfKey(key), size: info.size, body: () => createReadStream(path) };
    },

    async delete(key) {
      await unlink(pathOf(key)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    },

    url: (key) => `${options.baseUrl}/${key.split('/').map(encodeURIComponent).join('/')}`,
  };
}
