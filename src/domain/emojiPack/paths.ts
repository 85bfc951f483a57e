import { emptyPackName, notAnImage, unsafeFilename, unsafePackName } from './errors.js';

/**
 * Pack names and the file names inside packs, made safe before they touch the file system: nothing here can
 * name a place outside its pack folder. Pure; the file system side (symlinks) is in src/emoji/packs/disk.ts.
 */

/** The raster formats clients show (Pleroma's pack_extensions and more); no SVG, which can carry script. */
export const EMOJI_EXTENSIONS = ['.png', '.gif', '.webp', '.jpg', '.jpeg', '.apng', '.avif'] as const;

const MAX_SEGMENT = 255;
const MAX_DEPTH = 8;

/** A single path segment that is a plain name: not `.`/`..`, not hidden, no separators, no NUL or controls. */
function plainSegment(segment: string): boolean {
  return (
    segment.length > 0 &&
    Buffer.byteLength(segment) <= MAX_SEGMENT &&
    !segment.startsWith('.') &&
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
    !/[/\\\u0000-\u001f\u007f]/.test(segment)
  );
}

/**
 * The name of a pack being created, deleted or downloaded into (trimmed, as Pleroma does): blank is §7's
 * 400 "pack name cannot be empty"; anything that is not one plain folder name (`..`, `a/b`, `/abs`, `.hidden`,
 * backslashes, control characters) is refused rather than reduced.
 */
export function newPackName(raw: unknown): string {
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (name === '') throw emptyPackName();
  if (!plainSegment(name)) throw unsafePackName(name);
  return name;
}

/**
 * The pack a reading or updating request names: trimmed, blank refused, then (§7.2) only its last path
 * segment is used, so `../x` and `a/x` mean the pack `x`. Null when nothing safe is left (`..`, `.x`): such a
 * pack cannot exist, and the caller answers its "does not exist".
 */
export function existingPackName(raw: unknown): { name: string; safe: string | null } {
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (name === '') throw emptyPackName();
  const last = name.split(/[/\\]/).pop() ?? '';
  return { name, safe: plainSegment(last) ? last : null };
}

/** A relative path inside a pack (`a.png`, `sub/b.png`), or null when it is absolute, climbs out or hides. */
export function safeRelativePath(raw: string): string | null {
  if (raw === '' || raw.startsWith('/') || raw.includes('\\')) return null;
  const segments = raw.split('/');
  if (segments.length > MAX_DEPTH || !segments.every(plainSegment)) return null;
  return segments.join('/');
}

export const hasEmojiExtension = (path: string): boolean =>
  EMOJI_EXTENSIONS.some((extension) => path.toLowerCase().endsWith(extension));

/** A file name for an emoji: a safe relative path with an image extension, else a 400/415. */
export function emojiFilename(raw: string): string {
  const path = safeRelativePath(raw);
  if (path === null) throw unsafeFilename(raw);
  if (!hasEmojiExtension(path)) throw notAnImage(raw);
  return path;
}

/** A file's name without folders and extension: the shortcode Pleroma derives from a file. */
export function shortcodeOf(path: string): string {
  const base = path.split('/').pop() ?? path;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}
