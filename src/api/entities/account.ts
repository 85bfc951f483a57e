/** Mastodon's Account entity as Pleroma renders it (spec §12.1). */
export interface AccountField {
  name: string;
  value: string;
  verified_at: string | null;
}

export interface AccountEmoji {
  shortcode: string;
  url: string;
  static_url: string;
  visible_in_picker: boolean;
}

export interface AccountSource {
  note: string;
  sensitive: boolean;
  fields: { name: string; value: string }[];
  pleroma: {
    discoverable: boolean;
    actor_type: 'Person' | 'Service';
    show_role?: boolean;
    no_rich_text?: boolean;
    show_birthday?: boolean;
  };
  privacy?: string;
}

export interface AccountPleroma {
  ap_id: string;
  also_known_as: string[];
  is_confirmed: boolean;
  is_suggested: boolean;
  tags: string[];
  hide_followers_count: boolean;
  hide_follows_count: boolean;
  hide_followers: boolean;
  hide_follows: boolean;
  hide_favorites: boolean;
  relationship: Record<string, unknown>;
  skip_thread_containment: boolean;
  background_image: string | null;
  accepts_chat_messages: boolean;
  favicon: string | null;
  avatar_description: string;
  header_description: string;
  is_admin?: boolean;
  is_moderator?: boolean;
  privileges?: string[];
  notification_settings?: { block_from_strangers: boolean; hide_notification_contents: boolean };
  allow_following_move?: boolean;
  unread_conversation_count?: number;
  unread_notifications_count?: number;
  email?: string | null;
  settings_store?: Record<string, unknown>;
  chat_token?: string;
  deactivated?: boolean;
}

export interface Account {
  id: string;
  username: string;
  acct: string;
  display_name: string;
  locked: boolean;
  created_at: string;
  followers_count: number;
  following_count: number;
  statuses_count: number;
  note: string;
  url: string;
  avatar: string;
  avatar_static: string;
  header: string;
  header_static: string;
  emojis: AccountEmoji[];
  fields: AccountField[];
  bot: boolean;
  last_status_at: string | null;
  source: AccountSource;
  fqn: string;
  pleroma: AccountPleroma;
  follow_requests_count?: number;
  /** §1.9: the account this one moved to (Mastodon's `moved`); absent when it has not moved. */
  moved?: Account;
  /** In `GET /api/v1/mutes` only: when the mute ends (null: never). */
  mute_expires_at?: string | null;
}
