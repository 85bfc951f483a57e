import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { DomainError } from '../../domain/shared/errors.js';
import { mediaTypeOfKey } from '../../media/types.js';
import { isSafeKey, type MediaStorage } from '../../storage/storage.js';

const notFound = () => new DomainError('not_found', 'Not found', 404);

/**
 * GET /media/<key>: a stored upload with the type its bytes were found to be. `nosniff` and a sandboxing CSP
 * keep a browser from running anything in it; files of no known media type are served as downloads. Keys are
 * checked before the storage is asked, so `..` and the like name nothing.
 */
export async function serveMedia(storage: MediaStorage, req: Request, res: Response): Promise<void> {
  const segments = (req.params as Record<string, unknown>).key;
  const key = Array.isArray(segments) ? segments.join('/') : String(segments ?? '');
  const stored = isSafeKey(key) ? await storage.get(key) : undefined;
  if (!stored) throw notFound();
  res.set({
    'Content-Type': stored.contentType,
    'Content-Length': String(stored.size),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Content-Disposition': mediaTypeOfKey(key).kind === 'unknown' ? 'attachment' : 'inline',
    // Keys are never reused: a stored file never changes.
    'Cache-Control': 'public, max-age=31536000, immutable',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await pipeline(stored.body(), res);
}
