import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  hasEmojiExtension,
  type PackFiles,
  safeRelativePath,
  shortcodeOf,
} from '../../domain/emojiPack/index.js';
import type { PackDisk } from './disk.js';

/**
 * §7.6: the files of a folder without pack.json, from its `emoji.txt` (`shortcode, path[, tags]` a line; a
 * path may be relative or `/emoji/<pack>/file`), else from its image files (shortcode = name without
 * extension). A path that is not safely inside the folder is passed over.
 */
export function filesFromEmojiTxt(pack: string, text: string): PackFiles {
  const files: PackFiles = {};
  for (const line of text.split('\n')) {
    const [shortcode, file] = line.trim().split(/,\s*/);
    if (!shortcode || !file) continue;
    // Pleroma keeps only the base name when the path's folder is the pack's own (`/emoji/<pack>/x.png`).
    const prefix = `/emoji/${pack}/`;
    const relative = safeRelativePath(file.startsWith(prefix) ? file.slice(prefix.length) : file);
    if (relative !== null) files[shortcode] = relative;
  }
  return files;
}

/** Every image below `dir`, links not followed, hidden files passed over; sorted for a stable result. */
async function imagesBelow(dir: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await imagesBelow(join(dir, entry.name), relative)));
    else if (entry.isFile() && hasEmojiExtension(entry.name) && safeRelativePath(relative))
      found.push(relative);
  }
  return found.sort();
}

export async function filesOfFolder(
  disk: PackDisk,
  pack: string,
): Promise<{ source: 'emoji.txt' | 'files'; files: PackFiles }> {
  const dir = disk.dirOf(pack);
  const txt = await disk.regularFile(dir, 'emoji.txt');
  if (txt) return { source: 'emoji.txt', files: filesFromEmojiTxt(pack, await readFile(txt.path, 'utf8')) };
  const files: PackFiles = {};
  for (const path of await imagesBelow(dir)) files[shortcodeOf(path)] = path;
  return { source: 'files', files };
}
