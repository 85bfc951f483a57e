import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { lstat, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PackFiles, PackMetadata } from '../../domain/emojiPack/index.js';
import { safeRelativePath } from '../../domain/emojiPack/index.js';

/** One pack as its folder holds it. */
export interface LoadedPack {
  name: string;
  dir: string;
  files: PackFiles;
  metadata: PackMetadata;
  /** SHA-256 of pack.json's bytes: archives are cached by it. */
  packJsonHash: string;
}

export class PackUnreadableError extends Error {
  constructor(
    readonly pack: string,
    override readonly cause: unknown,
  ) {
    super(`pack.json of ${pack} could not be read`);
    this.name = 'PackUnreadableError';
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

async function lstatOrNull(path: string): Promise<Stats | null> {
  try {
    return await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}

/** pack.json as Pleroma writes it: the `pack` section, the files and their count. */
export const packJson = (files: PackFiles, metadata: PackMetadata): Buffer =>
  Buffer.from(
    `${JSON.stringify({ pack: metadata, files, files_count: Object.keys(files).length }, null, 2)}\n`,
  );

/**
 * The packs folder (`DATA_DIR/static/emoji`) as the pack endpoints see it. Names given here are already safe
 * (domain/emojiPack/paths.ts); on top of that, nothing is followed through a symbolic link: a linked pack
 * folder, a linked subfolder or a linked file counts as absent, so a link can never lead a read or a write
 * outside the folder.
 */
export function packDisk(root: string) {
  const dirOf = (name: string) => join(root, name);

  /** Whether anything (folder, file, link) has that name: a new pack cannot take it. */
  const exists = async (name: string) => (await lstatOrNull(dirOf(name))) !== null;

  /** A real folder (not a link) of that name. */
  const isPackDir = async (name: string) => (await lstatOrNull(dirOf(name)))?.isDirectory() === true;

  /** Each segment below `dir` is a real folder and the last a regular file: its size, else null. */
  async function regularFile(
    dir: string,
    relative: string,
  ): Promise<{ path: string; size: number; mtimeMs: number } | null> {
    const safe = safeRelativePath(relative);
    if (safe === null) return null;
    const segments = safe.split('/');
    let path = dir;
    for (const [index, segment] of segments.entries()) {
      path = join(path, segment);
      const info = await lstatOrNull(path);
      const last = index === segments.length - 1;
      if (!info || (last ? !info.isFile() : !info.isDirectory())) return null;
      if (last) return { path, size: info.size, mtimeMs: info.mtimeMs };
    }
    return null;
  }

  /** The pack named `name`: null when there is no such real folder or it has no pack.json. */
  async function load(name: string): Promise<LoadedPack | null> {
    if (!(await isPackDir(name))) return null;
    const file = await regularFile(dirOf(name), 'pack.json');
    if (!file) return null;
    let parsed: unknown;
    let bytes: Buffer;
    try {
      bytes = await readFile(file.path);
      parsed = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      throw new PackUnreadableError(name, error);
    }
    const json = isObject(parsed) ? parsed : {};
    const files = Object.fromEntries(
      Object.entries(isObject(json.files) ? json.files : {}).filter(([, file]) => typeof file === 'string'),
    ) as PackFiles;
    const metadata = isObject(json.pack) ? json.pack : {};
    const packJsonHash = createHash('sha256').update(bytes).digest('hex');
    return { name, dir: dirOf(name), files, metadata, packJsonHash };
  }

  /** The real, visible folders, sorted by name (Pleroma's order); the packs folder is created if missing. */
  async function folderNames(): Promise<string[]> {
    await mkdir(root, { recursive: true });
    const entries = await readdir(root, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  return { root, dirOf, exists, isPackDir, regularFile, load, folderNames };
}

export type PackDisk = ReturnType<typeof packDisk>;
