import type { DomainEvent } from '../shared/decider.js';
import type { CustomEmojiRef } from '../shared/emoji.js';

/** Who may see a status (§12.3; `local` and `list` are not offered by Annals). */
export type Visibility = 'public' | 'unlisted' | 'private' | 'direct';
export const VISIBILITIES = [
  'public',
  'unlisted',
  'private',
  'direct',
] as const satisfies readonly Visibility[];

/** A local account mentioned in the text; nicknames never change, so rendering needs no lookup. */
export interface Mention {
  accountId: string;
  nickname: string;
}

/** An instance custom emoji a status uses (`emojis` in §12.3), fixed at post time like Pleroma's object `emoji`. */
export type StatusEmojiRef = CustomEmojiRef;

/** The app a status was posted with (`application` in §12.3). */
export interface StatusApplication {
  id: string;
  name: string;
  website: string | null;
}

export interface StatusPostedData {
  statusId: string;
  /** UUID of the ActivityPub object: `uri` is `<PUBLIC_URL>/objects/<objectId>`. */
  objectId: string;
  accountId: string;
  visibility: Visibility;
  /** The source as typed (trimmed), kept for `text` and `pleroma.content["text/plain"]`. */
  text: string;
  /** Safe HTML rendered once, at post time, from `text` (links, mentions, hashtags). */
  contentHtml: string;
  spoilerText: string;
  sensitive: boolean;
  inReplyToId: string | null;
  inReplyToAccountId: string | null;
  /** Everyone addressed: the mentioned accounts (plus a direct parent's author). */
  mentions: Mention[];
  /** Hashtags, lowercased, without `#`, each once. */
  tags: string[];
  language: string | null;
  /** The ActivityPub context (thread) URI; replies inherit their parent's. */
  context: string;
  /** ISO 8601. */
  postedAt: string;
  application: StatusApplication | null;
  /**
   * The author's uploads attached (`media_ids`), in order. Added after the first events were stored:
   * `upcastStatusEvent` reads an event without it as having none.
   */
  mediaIds: string[];
  /**
   * The instance's custom emoji written `:shortcode:` in the text or spoiler, each once, in order of first
   * appearance. Added after the first events were stored: `upcastStatusEvent` reads an event without it as
   * using none.
   */
  emojis: StatusEmojiRef[];
  /**
   * When the status deletes itself (ISO 8601; `expires_in`), null never. Added after the first events were
   * stored: `upcastStatusEvent` reads an event without it as never expiring.
   */
  expiresAt: string | null;
}

export type StatusPosted = DomainEvent<'StatusPosted', StatusPostedData>;
export type StatusDeleted = DomainEvent<'StatusDeleted', { statusId: string; accountId: string }>;

export type StatusEvent = StatusPosted | StatusDeleted;

export const statusEventTypes = [
  'StatusPosted',
  'StatusDeleted',
] as const satisfies readonly StatusEvent['type'][];

export const statusStream = (statusId: string) => `status-${statusId}`;

/**
 * Practice 4: a StatusPosted stored before `mediaIds` existed had no attachments, and one stored before
 * `emojis` existed used no custom emoji.
 */
export function upcastStatusEvent(event: DomainEvent): StatusEvent {
  const status = event as StatusEvent;
  if (status.type !== 'StatusPosted') return status;
  const { mediaIds, emojis, expiresAt } = status.data;
  if (Array.isArray(mediaIds) && Array.isArray(emojis) && expiresAt !== undefined) return status;
  return {
    type: status.type,
    data: {
      ...status.data,
      mediaIds: Array.isArray(mediaIds) ? mediaIds : [],
      emojis: Array.isArray(emojis) ? emojis : [],
      expiresAt: expiresAt ?? null,
    },
  };
}

/** Idempotency-Key claims: `idempotency-<accountId>-<sha256 of the key>` holds the status id it stands for. */
export type IdempotencyKeyReserved = DomainEvent<
  'IdempotencyKeyReserved',
  { accountId: string; statusId: string }
>;

export const idempotencyStream = (accountId: string, keyHash: string) =>
  `idempotency-${accountId}-${keyHash}`;
