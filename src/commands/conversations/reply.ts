import { isParticipationId, unknownConversation } from '../../domain/conversation/index.js';
import type { Mention } from '../../domain/status/events.js';
import { findAccountsByIds } from '../../projections/accounts/queries.js';
import { findParticipation } from '../../projections/conversations/queries.js';
import type { ConversationCommandDeps } from './deps.js';

/** What a status posted with `in_reply_to_conversation_id` takes from the participation (§6.2). */
export interface ConversationTarget {
  context: string;
  /** The participation's recipients but the poster: exactly whom the status addresses. */
  mentions: Mention[];
}

/**
 * §6.2 `in_reply_to_conversation_id`: the status joins the participation's context, addressed to exactly
 * its recipients. Unlike Pleroma, which ignores unknown ids and never checks the owner, anything but the
 * poster's own participation is 404 "Unknown conversation id": nobody posts into someone else's conversation.
 */
export async function conversationTarget(
  deps: Pick<ConversationCommandDeps, 'db'>,
  authorId: string,
  participationId: string | undefined,
): Promise<ConversationTarget | null> {
  if (participationId === undefined || participationId === '') return null;
  const participation = isParticipationId(participationId)
    ? await findParticipation(deps.db, participationId)
    : undefined;
  if (!participation || participation.accountId !== authorId) throw unknownConversation();
  const others = participation.recipientIds.filter((id) => id !== authorId);
  const accounts = await findAccountsByIds(deps.db, others);
  const mentions = others.flatMap((id) => {
    const account = accounts.get(id);
    return account?.isActive ? [{ accountId: account.id, nickname: account.nickname }] : [];
  });
  return { context: participation.context, mentions };
}
