import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadedPack, PackDisk } from './disk.js';
import { writeZip } from './zip.js';

/** Pleroma's `[:emoji, :shared_pack_cache_seconds_per_file]` default. */
export const CACHE_SECONDS_PER_FILE = 60;
/** Archives are whole packs in memory: keep a bounded number. */
const MAX_CACHED = 16;

export interface PackArchive {
  bytes: Buffer;
  /** Uppercase hex, as Pleroma sends `download-sha256`. */
  sha256: string;
}

export const sha256Hex = (bytes: Uint8Array) =>
  createHash('sha256').update(bytes).digest('hex').toUpperCase();

/** A file of a pack as it is on disk now. */
export interface PackFileOnDisk {
  file: string;
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * §7: a pack can be downloaded when it is shared (`share-files`) and every file it lists is on disk (a real
 * file inside the pack: a link or a path leading out counts as missing). Its files then, else null.
 */
export async function downloadableFiles(disk: PackDisk, pack: LoadedPack): Promise<PackFileOnDisk[] | null> {
  if (pack.metadata['share-files'] !== true) return null;
  const found = new Map<string, PackFileOnDisk>();
  for (const file of Object.values(pack.files)) {
    const onDisk = await disk.regularFile(pack.dir, file);
    if (!onDisk) return null;
    found.set(file, { file, ...onDisk });
  }
  return [...found.values()];
}

async function buildArchive(pack: LoadedPack, files: PackFileOnDisk[]): Promise<PackArchive> {
  const entries = [{ path: 'pack.json', bytes: await readFile(join(pack.dir, 'pack.json')) }];
  for (const { file, path } of files) entries.push({ path: file, bytes: await readFile(path) });
  const bytes = await writeZip(entries);
  return { bytes, sha256: sha256Hex(bytes) };
}

/**
 * The zips served by §7.9 and hashed for `download-sha256`, cached per pack for a minute per file, as
 * Pleroma does, and rebuilt as soon as pack.json or a file's size or time changes. One per app.
 */
export function archiveCache(now: () => number = Date.now) {
  const cache = new Map<string, { key: string; expires: number; archive: PackArchive }>();

  return async function archiveOf(pack: LoadedPack, files: PackFileOnDisk[]): Promise<PackArchive> {
    const key = [pack.packJsonHash, ...files.map((f) => `${f.file}:${f.size}:${f.mtimeMs}`)].join('|');
    const cached = cache.get(pack.name);
    if (cached && cached.key === key && cached.expires > now()) return cached.archive;
    const archive = await buildArchive(pack, files);
    const ttl = CACHE_SECONDS_PER_FILE * 1000 * (files.length + 1);
    cache.delete(pack.name);
    cache.set(pack.name, { key, expires: now() + ttl, archive });
    while (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
    return archive;
  };
}

export type ArchiveOf = ReturnType<typeof archiveCache>;
