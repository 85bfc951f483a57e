import type { Config } from '../../config.js';
import type { CustomEmojiRef } from '../../domain/shared/emoji.js';
import type { CustomEmoji } from '../../emoji/registry.js';
import type { StatusEmoji } from '../entities/status.js';

/** Mastodon's CustomEmoji entity as Pleroma renders it. */
export interface CustomEmojiEntity {
  shortcode: string;
  url: string;
  static_url: string;
  visible_in_picker: boolean;
  tags: string[];
  category: string;
}

/**
 * Pleroma's CustomEmojiView: absolute URLs, always in the picker, and the category made of the tags but
 * the default "Custom" group (a pack.json pack's tag is `pack:<name>`). Pure.
 */
export function renderCustomEmoji(emoji: CustomEmoji, config: Pick<Config, 'PUBLIC_URL'>): CustomEmojiEntity {
  const url = `${config.PUBLIC_URL}${emoji.path}`;
  return {
    shortcode: emoji.shortcode,
    url,
    static_url: url,
    visible_in_picker: true,
    tags: emoji.tags,
    category: emoji.tags.filter((tag) => tag !== 'Custom').join(','),
  };
}

/** §1.1: `{shortcode: {image_url, tags}}`, `image_url` being the path on this instance. Pure. */
export function renderEmojiIndex(
  emoji: readonly CustomEmoji[],
): Record<string, { image_url: string; tags: string[] }> {
  return Object.fromEntries(emoji.map((each) => [each.shortcode, { image_url: each.path, tags: each.tags }]));
}

/**
 * An emoji a status or a profile uses (`emojis`, §12.1 and §12.3), as Pleroma renders them: not in the picker,
 * and (no media proxy here) the static image is the image itself.
 */
export const renderEmojiRef = (emoji: CustomEmojiRef): StatusEmoji => ({
  shortcode: emoji.shortcode,
  url: emoji.url,
  static_url: emoji.url,
  visible_in_picker: false,
});
