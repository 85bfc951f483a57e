import { randomUUID } from 'node:crypto';
import type { InspectedFile } from '../../media/inspect.js';
import type { MediaStorage } from '../../storage/storage.js';

export interface StoredFile {
  key: string;
  url: string;
}

/** Stores an inspected file under a fresh, unguessable key whose extension is the type its bytes are. */
export async function storeFile(storage: MediaStorage, file: InspectedFile): Promise<StoredFile> {
  const key = `${randomUUID()}.${file.type.ext}`;
  await storage.put(key, file.bytes, file.type.mime);
  return { key, url: storage.url(key) };
}

/**
 * The files are stored first, then `record` appends the events naming them. Should the append fail (a refusal
 * of the decider, a conflict, the store gone), the files are removed again: no event, no file. A crash between
 * the two can still leave a file no event names (TODO: sweep uploads no event references).
 */
export async function recordOrRemove<T>(
  storage: MediaStorage,
  files: readonly StoredFile[],
  record: () => Promise<T>,
) {
  try {
    return await record();
  } catch (error) {
    await Promise.all(files.map((file) => storage.delete(file.key).catch(() => undefined)));
    throw error;
  }
}
