import { notAnImage } from '../../domain/emojiPack/index.js';
import { inspectFile } from '../../media/inspect.js';

/** What browsers show as emoji; decided from the bytes (media/inspect.ts), never from the name. */
const EMOJI_TYPES = new Set(['png', 'gif', 'webp', 'jpg', 'avif']);

/**
 * Only whole raster images go into packs: anything else (HTML or SVG named `.png`, archives, text) is a 415,
 * an empty, cut-short or damaged image a 422 (inspectFile's refusals).
 */
export async function checkEmojiImage(bytes: Buffer, filename: string): Promise<void> {
  const inspected = await inspectFile(bytes);
  if (inspected.type.kind !== 'image' || !EMOJI_TYPES.has(inspected.type.ext)) throw notAnImage(filename);
}
