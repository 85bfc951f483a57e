import { createHash } from 'node:crypto';
import type { DomainEvent } from '../shared/decider.js';

/**
 * A participation (§6): one account's place in one conversation (an ActivityPub context), with its own
 * read flag and a recipient set fixed when it starts. Its id is the API's "conversation id".
 */
export type ConversationStarted = DomainEvent<
  'ConversationStarted',
  {
    participationId: string;
    accountId: string;
    context: string;
    /** Everyone the first direct status addressed, the owner included (§6.1). */
    recipientIds: string[];
    /** The direct status that started it: the participation's last activity. */
    statusId: string;
    read: boolean;
  }
>;

/**
 * A later direct status of the context reached the participation: its last activity moves on. `read` is
 * true for the author's own, false for the others', null when left as it was (the owner blocks someone
 * addressed, §6.1).
 */
export type ConversationStatusAdded = DomainEvent<
  'ConversationStatusAdded',
  { participationId: string; accountId: string; statusId: string; read: boolean | null }
>;

/** PATCH /api/v1/pleroma/conversations/:id (§6.6): the owner is always among them. */
export type ConversationRecipientsChanged = DomainEvent<
  'ConversationRecipientsChanged',
  { participationId: string; accountId: string; recipientIds: string[] }
>;

export type ConversationRead = DomainEvent<
  'ConversationRead',
  { participationId: string; accountId: string }
>;

/** DELETE /api/v1/conversations/:id: the participation is gone; a later direct status starts a new one. */
export type ConversationDeleted = DomainEvent<
  'ConversationDeleted',
  { participationId: string; accountId: string }
>;

export type ConversationEvent =
  | ConversationStarted
  | ConversationStatusAdded
  | ConversationRecipientsChanged
  | ConversationRead
  | ConversationDeleted;

export const conversationEventTypes = [
  'ConversationStarted',
  'ConversationStatusAdded',
  'ConversationRecipientsChanged',
  'ConversationRead',
  'ConversationDeleted',
] as const satisfies readonly ConversationEvent['type'][];

const contextKey = (context: string) => createHash('sha256').update(context).digest('hex').slice(0, 32);

/**
 * One stream per (account, context): delivering a direct status decides on this account's participation
 * only, so the recipients of one message never contend, and the stream is found without a lookup.
 */
export const participationStream = (accountId: string, context: string) =>
  `participation-${accountId}_${contextKey(context)}`;

/**
 * The participation a direct status starts for an account: derived from both, so the status use case and
 * the conversations process name it alike. Pleroma renders `direct_conversation_id` as a JSON integer, so
 * the id stays below 2^53 (52 bits of a hash, never 0): JavaScript clients read it exactly.
 */
export function participationIdFor(accountId: string, statusId: string): string {
  const digest = createHash('sha256').update(`participation:${accountId}:${statusId}`).digest();
  return (digest.readBigUInt64BE(0) >> 12n || 1n).toString();
}

const MAX_PARTICIPATION_ID = 2n ** 52n;

/** Participation ids are positive decimal integers below 2^52; anything else names none (and must not reach SQL). */
export function isParticipationId(id: unknown): id is string {
  return typeof id === 'string' && /^[1-9]\d{0,15}$/.test(id) && BigInt(id) <= MAX_PARTICIPATION_ID;
}
