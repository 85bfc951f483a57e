import type { ParticipationRecord } from '../../projections/conversations/queries.js';
import { activeAccounts } from '../accounts/present.js';
import type { AppDeps } from '../deps.js';
import type { Conversation } from '../entities/conversation.js';
import { presentStatusesWithAccounts } from '../statuses/gather.js';
import { renderConversation } from '../views/conversation.js';

/**
 * Conversations (§12.6) of their owner, in order: the last statuses (each with its participation id as
 * `direct_conversation_id`), then their authors and the recipients in one account gather, then rendered.
 */
export async function presentConversations(
  deps: Pick<AppDeps, 'config' | 'db'>,
  participations: readonly ParticipationRecord[],
  viewerId: string,
): Promise<Conversation[]> {
  if (participations.length === 0) return [];
  const lastStatuses = new Map(
    participations.flatMap((p) => (p.lastStatusId ? [[p.lastStatusId, p.id]] : [])),
  );
  const records = new Map(
    participations.flatMap((p) => (p.lastStatus ? [[p.lastStatus.id, p.lastStatus]] : [])),
  );
  const presented = await presentStatusesWithAccounts(deps, [...records.values()], viewerId, {
    directConversationIds: lastStatuses,
    alsoAccountIds: participations.flatMap((p) => p.recipientIds),
  });
  const statuses = new Map(presented.statuses.map((status) => [status.id, status]));
  const accounts = activeAccounts(presented.accounts);
  return participations.map((p) =>
    renderConversation(p, accounts, (p.lastStatusId && statuses.get(p.lastStatusId)) || null),
  );
}

export async function presentConversation(
  deps: Pick<AppDeps, 'config' | 'db'>,
  participation: ParticipationRecord,
  viewerId: string,
): Promise<Conversation> {
  const [conversation] = await presentConversations(deps, [participation], viewerId);
  return conversation!;
}
