import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join, posix } from 'node:path';

/** One instance custom emoji: its shortcode, the URL path of its image under `/emoji/`, and its tags. */
export interface CustomEmoji {
  shortcode: string;
  /** e.g. `/emoji/blobs/blobfox.png`; `${PUBLIC_URL}${path}` is the image URL. */
  path: string;
  tags: string[];
  /** The pack folder it came from. */
  pack: string;
}

export interface LoaderLogger {
  warn(object: object, message: string): void;
}

/** Pleroma's `[:emoji, :pack_extensions]` (.png, .gif) and the other raster formats clients show. SVG is left out: it can carry script. */
const IMAGE_EXTENSIONS = new Set(['.png', '.gif', '.webp', '.jpg', '.jpeg', '.apng', '.avif']);
/** Pleroma's default emoji group: what emoji of no pack.json are tagged with. */
const DEFAULT_TAG = 'Custom';

/** A path inside the pack, made safe: forward slashes, no `..`, not absolute; null when it would escape. */
function insidePack(relative: string): string | null {
  const normalised = posix.normalize(relative.replaceAll('\\', '/'));
  if (normalised.startsWith('../') || normalised === '..' || normalised.startsWith('/')) return null;
  return normalised === '.' ? null : normalised;
}

const urlPath = (...segments: string[]) =>
  `/emoji/${segments
    .flatMap((s) => s.split('/'))
    .map(encodeURIComponent)
    .join('/')}`;

async function entries(directory: string): Promise<Dirent[]> {
  try {
    return await readdir(directory, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** `pack.json` (Pleroma's format): `{"files": {"shortcode": "relative/file.png"}, "pack": {...}}`. */
function fromPackJson(pack: string, text: string): CustomEmoji[] {
  const files = (JSON.parse(text) as { files?: unknown }).files;
  if (!files || typeof files !== 'object') return [];
  return Object.entries(files as Record<string, unknown>).flatMap(([shortcode, file]) => {
    const relative = typeof file === 'string' ? insidePack(file) : null;
    return relative ? [{ shortcode, path: urlPath(pack, relative), tags: [`pack:${pack}`], pack }] : [];
  });
}

/**
 * `emoji.txt`, as Pleroma reads it: `shortcode, file[, tag, …]` per line. A file starting with `/` is a URL
 * path as it stands (Pleroma's form, `/emoji/pack/file.png`); otherwise it is relative to the pack.
 */
function fromEmojiTxt(pack: string, text: string): CustomEmoji[] {
  return text.split('\n').flatMap((line) => {
    const [shortcode, file, ...tags] = line.trim().split(/,\s*/);
    if (!shortcode || !file) return [];
    const path = file.startsWith('/emoji/') ? insidePath(file) : fromRelative(pack, file);
    return path ? [{ shortcode, path, tags: tags.length > 0 ? tags : [DEFAULT_TAG], pack }] : [];
  });
}

function insidePath(path: string): string | null {
  const relative = insidePack(path.slice('/emoji/'.length));
  return relative ? urlPath(relative) : null;
}

function fromRelative(pack: string, file: string): string | null {
  const relative = insidePack(file);
  return relative ? urlPath(pack, relative) : null;
}

/** No pack.json nor emoji.txt: every image in the folder (and below) is an emoji named after its file. */
async function fromImages(pack: string, directory: string, prefix = ''): Promise<CustomEmoji[]> {
  const found: CustomEmoji[] = [];
  for (const entry of await entries(directory)) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await fromImages(pack, join(directory, entry.name), relative)));
    else if (entry.isFile() && IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase())) {
      const shortcode = entry.name.slice(0, -extname(entry.name).length);
      found.push({ shortcode, path: urlPath(pack, relative), tags: [DEFAULT_TAG], pack });
    }
  }
  return found;
}

async function loadPack(directory: string, pack: string): Promise<CustomEmoji[]> {
  const packJson = await readOptional(join(directory, 'pack.json'));
  if (packJson !== null) return fromPackJson(pack, packJson);
  const emojiTxt = await readOptional(join(directory, 'emoji.txt'));
  if (emojiTxt !== null) return fromEmojiTxt(pack, emojiTxt);
  return fromImages(pack, directory);
}

/**
 * Every custom emoji under `directory` (Pleroma's `<static_dir>/emoji`), pack by pack in name order; a
 * shortcode defined twice keeps its last definition, as in Pleroma. Files lying directly in the folder are
 * ignored, and a pack that cannot be read is skipped with a warning rather than failing the start.
 */
export async function loadCustomEmoji(directory: string, logger?: LoaderLogger): Promise<CustomEmoji[]> {
  const packs = (await entries(directory))
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
  const byShortcode = new Map<string, CustomEmoji>();
  for (const pack of packs) {
    try {
      for (const emoji of await loadPack(join(directory, pack), pack))
        byShortcode.set(emoji.shortcode, emoji);
    } catch (error) {
      logger?.warn({ err: error, pack }, 'emoji pack skipped: it could not be read');
    }
  }
  return [...byShortcode.values()].sort((a, b) =>
    a.shortcode < b.shortcode ? -1 : a.shortcode > b.shortcode ? 1 : 0,
  );
}
