import type { Config } from '../../config.js';
import { actorUrl } from '../../domain/account/addresses.js';
import { conversationId } from '../../domain/status/conversation.js';
import type { StatusRecord } from '../../projections/statuses/queries.js';
import type { Account } from '../entities/account.js';
import type { EmojiReaction, Status } from '../entities/status.js';
import { type AttachmentSource, renderAttachment } from './attachment.js';
import { renderEmojiRef } from './customEmoji.js';

/**
 * What other read models contribute to a status, per viewer: favourites, reactions, bookmarks, pins…
 * Gathered by api/statuses/gather.ts from its extras providers; absent values take the defaults below.
 */
export interface StatusExtras {
  favouritesCount: number;
  favourited: boolean;
  reblogsCount: number;
  reblogged: boolean;
  bookmarked: boolean;
  bookmarkFolder: string | null;
  muted: boolean;
  threadMuted: boolean;
  pinned: boolean;
  /** ISO 8601, when pinned. */
  pinnedAt: string | null;
  /** §9.5, already filtered for the viewer, in first-reaction order. */
  emojiReactions: EmojiReaction[];
}

export const DEFAULT_STATUS_EXTRAS: StatusExtras = Object.freeze({
  favouritesCount: 0,
  favourited: false,
  reblogsCount: 0,
  reblogged: false,
  bookmarked: false,
  bookmarkFolder: null,
  muted: false,
  threadMuted: false,
  pinned: false,
  pinnedAt: null,
  emojiReactions: [],
});

export interface StatusViewOptions {
  config: Pick<Config, 'PUBLIC_URL'>;
  viewerId: string | null;
  /** The author, already rendered for this viewer. */
  account: Account;
  extras: StatusExtras;
  /** Nickname of the replied-to status's author (null when not a reply). */
  inReplyToAccountAcct: string | null;
  /** Whether the viewer may see the replied-to status (false when not a reply). */
  parentVisible: boolean;
  /** The DELETE response carries the source as `text` (Pleroma's with_source). */
  withSource?: boolean;
  /** §6.3: only single-status responses (and a Conversation's `last_status`) carry it; null in timelines. */
  directConversationId?: number | null;
  /** The uploads of `status.mediaIds` that still exist, in order (gathered with the page). */
  media?: readonly AttachmentSource[];
}

/** Mastodon's dates: whole seconds, `.000Z` (Pleroma's to_masto_date). */
const mastoDate = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();

/** §12.3: the Status entity of a local status, as `viewerId` sees it. Pure. */
export function renderStatus(status: StatusRecord, options: StatusViewOptions): Status {
  const { config, extras } = options;
  const url = (path: string) => `${config.PUBLIC_URL}${path}`;
  return {
    id: status.id,
    uri: url(`/objects/${status.objectId}`),
    url: url(`/notice/${status.id}`),
    account: options.account,
    in_reply_to_id: status.inReplyToId,
    in_reply_to_account_id: status.inReplyToAccountId,
    reblog: null,
    card: null,
    content: status.contentHtml,
    text: options.withSource ? status.text : null,
    created_at: mastoDate(status.createdAt),
    edited_at: null,
    reblogs_count: extras.reblogsCount,
    replies_count: status.repliesCount,
    favourites_count: extras.favouritesCount,
    reblogged: extras.reblogged,
    favourited: extras.favourited,
    bookmarked: extras.bookmarked,
    muted: extras.muted || extras.threadMuted,
    pinned: extras.pinned,
    sensitive: status.sensitive || status.tags.includes('nsfw'),
    spoiler_text: status.spoilerText,
    visibility: status.visibility,
    media_attachments: (options.media ?? []).map(renderAttachment),
    poll: null,
    mentions: status.mentions.map((m) => ({
      id: m.accountId,
      acct: m.nickname,
      username: m.nickname,
      url: actorUrl(config, m.nickname),
    })),
    tags: status.tags.map((name) => ({ name, url: url(`/tag/${encodeURIComponent(name)}`) })),
    application: status.application
      ? { name: status.application.name, website: status.application.website }
      : null,
    // §12.3: `language:null`, as Pleroma renders it; the posted language is kept in the event.
    language: null,
    emojis: status.emojis.map(renderEmojiRef),
    quotes_count: 0,
    pleroma: {
      local: true,
      conversation_id: conversationId(status.context),
      context: status.context,
      in_reply_to_account_acct: options.inReplyToAccountAcct,
      quote: null,
      quote_id: null,
      quote_url: null,
      quote_visible: false,
      quotes_count: 0,
      content: { 'text/plain': status.text },
      spoiler_text: { 'text/plain': status.spoilerText },
      // Only its author sees when a status deletes itself (Pleroma's client_posted_this_activity).
      expires_at:
        status.expiresAt && options.viewerId === status.accountId ? status.expiresAt.toISOString() : null,
      direct_conversation_id: options.directConversationId ?? null,
      thread_muted: extras.threadMuted,
      emoji_reactions: extras.emojiReactions,
      parent_visible: options.parentVisible,
      pinned_at: extras.pinnedAt,
      bookmark_folder: extras.bookmarkFolder,
      list_id: null,
    },
  };
}
