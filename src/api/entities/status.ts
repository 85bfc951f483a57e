import type { Account } from './account.js';

/** Mastodon's Status entity as Pleroma renders it (spec §12.3). Every field is always present. */
export interface StatusMention {
  id: string;
  acct: string;
  username: string;
  url: string;
}

export interface StatusTag {
  name: string;
  url: string;
}

/** A custom emoji used in the content or spoiler. */
export interface StatusEmoji {
  shortcode: string;
  url: string;
  static_url: string;
  visible_in_picker: boolean;
}

/** §9.5: one entry of `pleroma.emoji_reactions`. */
export interface EmojiReaction {
  name: string;
  count: number;
  me: boolean;
  url: string | null;
  account_ids: string[];
}

export interface StatusPleroma {
  local: boolean;
  conversation_id: number;
  context: string;
  in_reply_to_account_acct: string | null;
  quote: Status | null;
  quote_id: string | null;
  quote_url: string | null;
  quote_visible: boolean;
  quotes_count: number;
  content: { 'text/plain': string };
  spoiler_text: { 'text/plain': string };
  expires_at: string | null;
  direct_conversation_id: number | null;
  thread_muted: boolean;
  emoji_reactions: EmojiReaction[];
  parent_visible: boolean;
  pinned_at: string | null;
  bookmark_folder: string | null;
  list_id: string | null;
}

export interface Status {
  id: string;
  uri: string;
  url: string;
  account: Account;
  in_reply_to_id: string | null;
  in_reply_to_account_id: string | null;
  reblog: Status | null;
  card: null;
  content: string;
  /** The source text in the DELETE response (Pleroma's with_source); null otherwise. */
  text: string | null;
  created_at: string;
  edited_at: string | null;
  reblogs_count: number;
  replies_count: number;
  favourites_count: number;
  reblogged: boolean;
  favourited: boolean;
  bookmarked: boolean;
  muted: boolean;
  pinned: boolean;
  sensitive: boolean;
  spoiler_text: string;
  visibility: string;
  media_attachments: unknown[];
  poll: null;
  mentions: StatusMention[];
  tags: StatusTag[];
  application: { name: string; website: string | null } | null;
  language: string | null;
  emojis: StatusEmoji[];
  quotes_count: number;
  pleroma: StatusPleroma;
}
