import type { Readable } from 'node:stream';

/** A stored file as the media route serves it. */
export interface StoredObject {
  contentType: string;
  size: number;
  body(): Readable;
}

/**
 * Where uploaded bytes live (practice 11: a port with adapters). Events never carry the bytes, only the key.
 * The filesystem adapter keeps them under DATA_DIR/uploads; an S3-compatible adapter can implement the same
 * four operations, `url` then naming the bucket's public address.
 */
export interface MediaStorage {
  /** Stores `bytes` under `key`, all or nothing: a reader never sees a half-written file. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /**
   * Stores what `body` yields under `key` as it arrives (large files that are never whole in memory, such
   * as backup archives), all or nothing like `put`; a failing `body` stores nothing. Answers the size.
   */
  putStream(key: string, body: Readable, contentType: string): Promise<{ size: number }>;
  get(key: string): Promise<StoredObject | undefined>;
  /** Removes the file; an absent key is not an error. */
  delete(key: string): Promise<void>;
  /** The public address of the file. */
  url(key: string): string;
}

/** A key is one or more path segments of letters, digits, `.`, `_` and `-`, none starting with a dot. */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/** Whether `key` can name a stored file: no `..`, no absolute paths, no hidden files, nothing to escape with. */
export function isSafeKey(key: string): boolean {
  const segments = key.split('/');
  return segments.length <= 4 && segments.every((segment) => SEGMENT.test(segment));
}

export class UnsafeKeyError extends Error {
  constructor(key: string) {
    super(`Unsafe storage key ${JSON.stringify(key)}`);
    this.name = 'UnsafeKeyError';
  }
}
