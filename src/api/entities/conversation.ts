import type { Account } from './account.js';
import type { Status } from './status.js';

/** Mastodon's Conversation entity as Pleroma renders it (spec §12.6). */
export interface Conversation {
  /** The participation id. */
  id: string;
  unread: boolean;
  /** The recipients but the reader (just the reader when alone). */
  accounts: Account[];
  last_status: Status | null;
}
