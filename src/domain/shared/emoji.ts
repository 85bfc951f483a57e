/**
 * An instance custom emoji some text uses, with its image's absolute URL as it was then: kept in the event, as
 * Pleroma keeps an object's `emoji` and a user's (§12.1, §12.3 `emojis`).
 */
export interface CustomEmojiRef {
  shortcode: string;
  url: string;
}
