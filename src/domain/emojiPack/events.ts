import type { DomainEvent } from '../shared/decider.js';

/**
 * Emoji pack facts (§7), on the stream `emoji-pack-<name>`. The files under DATA_DIR/static/emoji are the
 * content; these events are the history of the changes made through the API: who (the metadata's actor)
 * changed what, and when. A file's bytes are not in the log, only their SHA-256 and size.
 */

/** `pack.json`'s `pack` section: license, homepage, description, fallback-src, share-files, … */
export type PackMetadata = Record<string, unknown>;

/** shortcode → file path relative to the pack folder. */
export type PackFiles = Record<string, string>;

export type EmojiPackCreated = DomainEvent<'EmojiPackCreated', { pack: string }>;

/** The whole `pack` section was replaced (§7.4); `fallback-src-sha256` is the one computed on download. */
export type EmojiPackUpdated = DomainEvent<'EmojiPackUpdated', { pack: string; metadata: PackMetadata }>;

export type EmojiPackDeleted = DomainEvent<'EmojiPackDeleted', { pack: string }>;

export type EmojiAdded = DomainEvent<
  'EmojiAdded',
  { pack: string; shortcode: string; filename: string; sha256: string; size: number }
>;

/** §7.10 PATCH: the shortcode and/or the file moved (with `force`, over an emoji of the new shortcode). */
export type EmojiRenamed = DomainEvent<
  'EmojiRenamed',
  { pack: string; shortcode: string; newShortcode: string; filename: string; newFilename: string }
>;

export type EmojiRemoved = DomainEvent<'EmojiRemoved', { pack: string; shortcode: string; filename: string }>;

/** §7.6: a folder without pack.json got one, from its emoji.txt or from its image files. */
export type EmojiPackImported = DomainEvent<
  'EmojiPackImported',
  { pack: string; source: 'emoji.txt' | 'files'; files: PackFiles }
>;

/** §7.8: a pack copied from another instance (its archive, or the pack's fallback-src). */
export type EmojiPackDownloaded = DomainEvent<
  'EmojiPackDownloaded',
  {
    pack: string;
    url: string;
    remoteName: string;
    archiveSha256: string;
    fallback: boolean;
    files: PackFiles;
    metadata: PackMetadata;
  }
>;

export type EmojiPackEvent =
  | EmojiPackCreated
  | EmojiPackUpdated
  | EmojiPackDeleted
  | EmojiAdded
  | EmojiRenamed
  | EmojiRemoved
  | EmojiPackImported
  | EmojiPackDownloaded;

export const emojiPackEventTypes = [
  'EmojiPackCreated',
  'EmojiPackUpdated',
  'EmojiPackDeleted',
  'EmojiAdded',
  'EmojiRenamed',
  'EmojiRemoved',
  'EmojiPackImported',
  'EmojiPackDownloaded',
] as const satisfies readonly EmojiPackEvent['type'][];

export const emojiPackStream = (name: string) => `emoji-pack-${name}`;
