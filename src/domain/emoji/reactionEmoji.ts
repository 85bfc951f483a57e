import { fullyQualifyEmoji, isUnicodeEmoji } from './unicode.js';

/**
 * What a reaction's `:emoji` path parameter names (§9.1), before anything is looked up: a Unicode emoji
 * (already fully qualified), or a custom emoji by shortcode, local (`:name:` or bare `name`) or remote
 * (`:name@host:`).
 */
export type ReactionEmojiRef =
  | { kind: 'unicode'; emoji: string }
  | { kind: 'custom'; shortcode: string; host: string | null };

// A custom emoji's name once its colons are stripped: a shortcode of letters, digits, `_` and `-`, maybe `@host`.
const CUSTOM = /^([A-Za-z0-9_-]+)(?:@([^:@\s]+))?$/;

/**
 * Pleroma's fully_qualify_emoji, then for a custom emoji its stripped_name: every colon around the name goes
 * (`:name:`, `name`, `:name` and `name:` all name it). The host stays as written: Pleroma compares it with
 * the image URL's host exactly. Null when the text can be no reaction at all.
 */
export function parseReactionEmoji(raw: string): ReactionEmojiRef | null {
  const qualified = fullyQualifyEmoji(raw);
  if (isUnicodeEmoji(qualified)) return { kind: 'unicode', emoji: qualified };
  const match = CUSTOM.exec(raw.replace(/^:+|:+$/g, ''));
  if (!match) return null;
  return { kind: 'custom', shortcode: match[1]!, host: match[2] ?? null };
}

/** The authority's host as written in a URL (Elixir's URI.parse keeps its case; WHATWG's URL lowercases it). */
const URL_HOST = /^[a-z][a-z\d+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]+)/i;

/** The host of a custom emoji's image URL, as reaction names show it (`name@host`); null when no URL. */
export function emojiUrlHost(url: string | null): string | null {
  return (url && URL_HOST.exec(url)?.[1]) || null;
}
