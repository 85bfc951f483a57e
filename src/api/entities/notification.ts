import type { Account } from './account.js';
import type { Status } from './status.js';

/** Mastodon's Notification entity as Pleroma renders it (spec §12.4); the optional fields go with their types. */
export interface Notification {
  id: string;
  group_key: string;
  type: string;
  created_at: string;
  account: Account;
  pleroma: { is_seen: boolean; is_muted: boolean };
  /** mention, status, favourite, pleroma:emoji_reaction. */
  status?: Status;
  /** move: the account moved to. */
  target?: Account;
  /** pleroma:emoji_reaction (§9.6). */
  emoji?: string;
  emoji_url?: string | null;
}

/** Mastodon's Marker entity with Pleroma's `unread_count` (megalodon reads it). */
export interface Marker {
  last_read_id: string;
  version: number;
  updated_at: string;
  pleroma: { unread_count: number };
}
