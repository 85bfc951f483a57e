import type { StatusPostedData, Visibility } from './events.js';

/** What the decider needs to know about the status replied to (read by the use case beforehand). */
export interface ReplyTarget {
  id: string;
  accountId: string;
  visibility: Visibility;
}

/** Content is rendered and mentions resolved by the use case; the decider checks the rules. */
export interface PostStatus
  extends Omit<StatusPostedData, 'postedAt' | 'inReplyToId' | 'inReplyToAccountId'> {
  type: 'PostStatus';
  inReplyTo: ReplyTarget | null;
  /** The author's own uploads among `media_ids`, in order (the use case drops unknown and foreign ids). */
  mediaIds: string[];
  /** The instance's character limit (config CHARACTER_LIMIT), over text and spoiler together. */
  characterLimit: number;
  now: Date;
}

export interface DeleteStatus {
  type: 'DeleteStatus';
  /** Who asks: only the author may delete (moderators later). */
  actorId: string;
}

export type StatusCommand = PostStatus | DeleteStatus;

export interface ReserveIdempotencyKey {
  type: 'ReserveIdempotencyKey';
  accountId: string;
  statusId: string;
}
