import { fullyQualifyEmoji, isUnicodeEmoji } from './unicode.js';

/**
 * What a reaction's `:emoji` path parameter names (§9.1), before anything is looked up: a Unicode emoji
 * (already fully qualified), or a custom emoji by shortcode, local (`:name:` or bare `name`) or remote
 * (`:name@host:`).
 */
export type ReactionEmojiRef =
  | { kind: 'unicode'; emoji: string }
  | { kind: 'custom'; shortcode: string; host: string | null };

// Pleroma's custom emoji pattern, anchored: a shortcode of letters, digits, `_` and `-`, then maybe `@host`.
const CUSTOM = /^:([A-Za-z0-9_-]+)(?:@([^:@\s]+))?:$/;

/** Pleroma's fully_qualify_emoji then maybe_quote: null when the text can be no reaction at all. */
export function parseReactionEmoji(raw: string): ReactionEmojiRef | null {
  const qualified = fullyQualifyEmoji(raw);
  if (isUnicodeEmoji(qualified)) return { kind: 'unicode', emoji: qualified };
  const quoted = raw.startsWith(':') ? raw : `:${raw}:`;
  const match = CUSTOM.exec(quoted);
  if (!match) return null;
  return { kind: 'custom', shortcode: match[1]!, host: match[2]?.toLowerCase() ?? null };
}

/** The host of a custom emoji's image URL, as reaction names show it (`name@host`); null when no URL. */
export function emojiUrlHost(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}
