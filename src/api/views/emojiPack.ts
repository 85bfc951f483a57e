import type { PackFiles } from '../../domain/emojiPack/index.js';
import type { PackView } from '../../emoji/packs/read.js';

/** A pack as §7 renders it. */
export interface EmojiPackEntity {
  files: PackFiles;
  files_count: number;
  /** The stored metadata plus the computed `can-download` and, when true, `download-sha256`. */
  pack: Record<string, unknown>;
}

/** Pleroma's validate_pack: `files` is what the endpoint pages (the full map in lists), `files_count` all. Pure. */
export function renderEmojiPack({ pack, archive }: PackView, files: PackFiles = pack.files): EmojiPackEntity {
  const { 'download-sha256': _, ...metadata } = pack.metadata;
  return {
    files,
    files_count: Object.keys(pack.files).length,
    pack: archive
      ? { ...metadata, 'can-download': true, 'download-sha256': archive.sha256 }
      : { ...metadata, 'can-download': false },
  };
}

/** §7.1: `{packs: {name: pack}, count}`. Pure. */
export function renderEmojiPackList(views: readonly PackView[], count: number) {
  return { packs: Object.fromEntries(views.map((view) => [view.pack.name, renderEmojiPack(view)])), count };
}
