import type { PackFiles, PackMetadata } from './events.js';

/**
 * Emoji pack commands. The files on disk are the content and an operator may change them by hand, so each
 * command carries what the use case just read from the pack folder (`onDisk`, null when there is no pack),
 * and what it found out elsewhere (shortcodes already known, whether a file exists). Names and paths arrive
 * already made safe (paths.ts).
 */

export interface PackOnDisk {
  files: PackFiles;
  metadata: PackMetadata;
}

export interface CreatePack {
  type: 'CreatePack';
  pack: string;
  /** A folder of that name exists, with or without pack.json. */
  folderExists: boolean;
}

export interface UpdatePackMetadata {
  type: 'UpdatePackMetadata';
  pack: string;
  onDisk: PackOnDisk | null;
  metadata: PackMetadata;
}

export interface DeletePack {
  type: 'DeletePack';
  pack: string;
  folderExists: boolean;
}

export interface NewEmoji {
  shortcode: string;
  filename: string;
  sha256: string;
  size: number;
}

export interface AddEmoji {
  type: 'AddEmoji';
  pack: string;
  onDisk: PackOnDisk | null;
  emoji: NewEmoji[];
  /** Those of the new shortcodes some pack already has (Pleroma's Emoji.exist?). */
  taken: string[];
}

export interface RenameEmoji {
  type: 'RenameEmoji';
  pack: string;
  onDisk: PackOnDisk | null;
  shortcode: string;
  newShortcode: string;
  newFilename: string;
  force: boolean;
  newShortcodeTaken: boolean;
  /** The emoji's file is on disk. */
  fileExists: boolean;
}

export interface RemoveEmoji {
  type: 'RemoveEmoji';
  pack: string;
  onDisk: PackOnDisk | null;
  shortcode: string;
}

export interface ImportPack {
  type: 'ImportPack';
  pack: string;
  source: 'emoji.txt' | 'files';
  files: PackFiles;
  /** The folder has a pack.json already: nothing to import. */
  hasPackJson: boolean;
}

export interface RecordDownload {
  type: 'RecordDownload';
  pack: string;
  folderExists: boolean;
  url: string;
  remoteName: string;
  archiveSha256: string;
  fallback: boolean;
  files: PackFiles;
  metadata: PackMetadata;
}

export type EmojiPackCommand =
  | CreatePack
  | UpdatePackMetadata
  | DeletePack
  | AddEmoji
  | RenameEmoji
  | RemoveEmoji
  | ImportPack
  | RecordDownload;
