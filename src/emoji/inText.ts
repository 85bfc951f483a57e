import type { CustomEmojiRef } from '../domain/shared/emoji.js';
import type { EmojiRegistry } from './registry.js';

/**
 * Every `:name:` in the text: a shortcode holds no colon, so each piece between two colons is one, and
 * `:a:b:` offers both `a` and `b` (Pleroma's Emoji.Formatter.get_emoji_map matches `:name:` anywhere, so
 * a shortcode inside a word counts too).
 */
function shortcodesIn(text: string): string[] {
  const pieces = text.split(':');
  return pieces.slice(1, -1).filter((piece) => piece !== '');
}

/**
 * `emojis` (§12.1, §12.3): the instance's custom emoji the texts use (a status's text and spoiler, a profile's
 * name, bio and fields), each once, with their image URLs as they are now (the event keeps them, like Pleroma's
 * object and user `emoji`), sorted by shortcode as Pleroma renders them (its emoji map is an Elixir map, whose
 * small maps list their keys in order). Shortcodes the instance does not have are left out.
 */
export function customEmojiIn(
  texts: readonly string[],
  registry: Pick<EmojiRegistry, 'get'>,
  publicUrl: string,
): CustomEmojiRef[] {
  // The registry is in memory, and the character limit bounds the pieces: no batching needed.
  const shortcodes = new Set(texts.flatMap(shortcodesIn));
  const found: CustomEmojiRef[] = [];
  for (const shortcode of shortcodes) {
    const emoji = registry.get(shortcode);
    if (emoji) found.push({ shortcode, url: `${publicUrl}${emoji.path}` });
  }
  return found.sort((a, b) => (a.shortcode < b.shortcode ? -1 : a.shortcode > b.shortcode ? 1 : 0));
}
