import type { Config } from '../../config.js';
import { actorUrl, fullNickname } from '../../domain/account/addresses.js';
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  type NotificationSettings,
} from '../../domain/notification/events.js';
import { textToHtml } from '../../projections/accounts/html.js';
import type { AccountRecord } from '../../projections/accounts/queries.js';
import type { Account, AccountPleroma, AccountSource } from '../entities/account.js';
import { renderEmojiRef } from './customEmoji.js';

/** What a view of one account needs beside its row; the caller gathers it (no database calls here). */
export interface AccountViewOptions {
  config: Pick<Config, 'PUBLIC_URL' | 'LOCAL_DOMAIN'>;
  /** Who is looking: the owner sees the self-only fields and hidden counts. */
  viewerId: string | null;
  /** Admins and moderators see `pleroma.deactivated`. */
  viewerIsPrivileged?: boolean;
  /** Decrypted address, for the owner's view (null when none or shredded). */
  email?: string | null;
  counts?: { followers: number; following: number; statuses: number; followRequests: number };
  lastStatusAt?: Date | null;
  /** verify_credentials and update_credentials include the settings store (Pleroma's with_pleroma_settings). */
  settingsStore?: Record<string, unknown>;
  chatToken?: string;
  /** The rendered account it moved to (§1.9), gathered by the caller. */
  moved?: Account | null;
  /** The owner's unread conversations (issue 6), gathered by the caller; 0 when not given. */
  unreadConversationCount?: number;
  /** The owner's notification settings and unseen notifications (§1.4, §12.1), gathered by the caller. */
  notifications?: { settings: NotificationSettings; unreadCount: number };
}

/** Pleroma's `[:admin_privileges]` default: what an admin may do, shown in `pleroma.privileges`. */
export const ADMIN_PRIVILEGES = [
  'users_read',
  'users_manage_invites',
  'users_manage_activation_state',
  'users_manage_tags',
  'users_manage_credentials',
  'users_delete',
  'messages_read',
  'messages_delete',
  'instances_delete',
  'reports_manage_reports',
  'moderation_log_read',
  'announcements_manage_announcements',
  'emoji_manage_emoji',
  'statistics_read',
] as const;

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/** Mastodon's dates: ISO 8601 in UTC with milliseconds, e.g. `2024-05-01T10:00:00.000Z`. */
const mastoDate = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();

function source(account: AccountRecord, self: boolean): AccountSource {
  const result: AccountSource = {
    note: account.note,
    sensitive: false,
    fields: account.fields.map(({ name, value }) => ({ name, value })),
    pleroma: { discoverable: account.discoverable, actor_type: account.bot ? 'Service' : 'Person' },
  };
  if (!self) return result;
  return {
    ...result,
    privacy: account.privacy,
    pleroma: {
      ...result.pleroma,
      show_role: account.showRole,
      no_rich_text: account.noRichText,
      show_birthday: false,
    },
  };
}

function pleroma(account: AccountRecord, options: AccountViewOptions, self: boolean): AccountPleroma {
  const result: AccountPleroma = {
    ap_id: actorUrl(options.config, account.nickname),
    also_known_as: account.alsoKnownAs.map((alias) => alias.apId),
    is_confirmed: account.isConfirmed,
    is_suggested: false,
    tags: [],
    hide_followers_count: account.hideFollowersCount,
    hide_follows_count: account.hideFollowsCount,
    hide_followers: account.hideFollowers,
    hide_follows: account.hideFollows,
    hide_favorites: account.hideFavorites,
    relationship: {},
    skip_thread_containment: account.skipThreadContainment,
    background_image: account.background?.url ?? null,
    accepts_chat_messages: account.acceptsChatMessages,
    favicon: null,
    avatar_description: account.avatarDescription,
    header_description: account.headerDescription,
  };
  if (account.showRole || self) {
    result.is_admin = account.isAdmin;
    result.is_moderator = account.isModerator;
    result.privileges = account.isAdmin ? [...ADMIN_PRIVILEGES] : [];
  }
  if (self) {
    const settings = options.notifications?.settings ?? DEFAULT_NOTIFICATION_SETTINGS;
    result.notification_settings = {
      block_from_strangers: settings.blockFromStrangers,
      hide_notification_contents: settings.hideNotificationContents,
    };
    result.allow_following_move = account.allowFollowingMove;
    result.unread_conversation_count = options.unreadConversationCount ?? 0;
    result.unread_notifications_count = options.notifications?.unreadCount ?? 0;
    result.email = options.email ?? null;
    if (options.settingsStore) result.settings_store = options.settingsStore;
    if (options.chatToken) result.chat_token = options.chatToken;
  }
  if (options.viewerIsPrivileged) result.deactivated = !account.isActive;
  return result;
}

/** §12.1: the Account entity of a local account, as `viewerId` sees it. Pure. */
export function renderAccount(account: AccountRecord, options: AccountViewOptions): Account {
  const self = options.viewerId === account.id;
  const counts = options.counts ?? { followers: 0, following: 0, statuses: 0, followRequests: 0 };
  const url = actorUrl(options.config, account.nickname);
  // Pleroma's defaults when none is set; without a media proxy the static variants are the same URLs.
  const avatar = account.avatar?.url ?? `${options.config.PUBLIC_URL}/images/avi.png`;
  const header = account.header?.url ?? `${options.config.PUBLIC_URL}/images/banner.png`;
  const view: Account = {
    id: account.id,
    username: account.nickname,
    acct: account.nickname,
    display_name: account.displayName ?? account.nickname,
    locked: account.locked,
    created_at: mastoDate(account.createdAt),
    // Pleroma's AccountView hides a count only when the list is hidden too.
    followers_count: account.hideFollowersCount && account.hideFollowers && !self ? 0 : counts.followers,
    following_count: account.hideFollowsCount && account.hideFollows && !self ? 0 : counts.following,
    statuses_count: counts.statuses,
    note: account.noteHtml,
    url,
    avatar,
    avatar_static: avatar,
    header,
    header_static: header,
    emojis: account.emojis.map(renderEmojiRef),
    fields: account.fields.map(({ name, value }) => ({
      name: textToHtml(name),
      value: textToHtml(value),
      verified_at: null,
    })),
    bot: account.bot,
    last_status_at: options.lastStatusAt ? isoDate(options.lastStatusAt) : null,
    source: source(account, self),
    fqn: fullNickname(account.nickname, options.config.LOCAL_DOMAIN),
    pleroma: pleroma(account, options, self),
  };
  if (self) view.follow_requests_count = counts.followRequests;
  if (options.moved) view.moved = options.moved;
  return view;
}
