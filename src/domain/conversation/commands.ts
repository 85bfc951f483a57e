/**
 * A direct status reached one of the accounts it addresses (the author included). Read by the use case
 * beforehand: who is addressed, and whether this account blocks any of them.
 */
export interface ReceiveDirectStatus {
  type: 'ReceiveDirectStatus';
  /** The id this participation takes if the status starts it (participationIdFor). */
  participationId: string;
  accountId: string;
  context: string;
  statusId: string;
  authorId: string;
  /** Everyone the status addresses, the author first. */
  addressedIds: string[];
  /** Pleroma's "invisible conversation": the account blocks someone addressed. */
  blocksAddressed: boolean;
}

export interface MarkConversationRead {
  type: 'MarkConversationRead';
  actorId: string;
}

export interface ChangeConversationRecipients {
  type: 'ChangeConversationRecipients';
  actorId: string;
  /** Existing accounts only (the use case drops unknown ids, as Pleroma does); the owner is added. */
  recipientIds: string[];
}

export interface DeleteConversation {
  type: 'DeleteConversation';
  actorId: string;
}

export type ConversationCommand =
  | ReceiveDirectStatus
  | MarkConversationRead
  | ChangeConversationRecipients
  | DeleteConversation;
