import type { ParticipationRecord } from '../../projections/conversations/queries.js';
import { findStatusesByIds } from '../../projections/statuses/queries.js';
import { presentAccounts } from '../accounts/present.js';
import type { AppDeps } from '../deps.js';
import type { Conversation } from '../entities/conversation.js';
import { presentStatuses } from '../statuses/gather.js';
import { renderConversation } from '../views/conversation.js';

/**
 * Conversations (§12.6) of their owner, in order: the last statuses (each with its participation id as
 * `direct_conversation_id`) and the recipients are gathered in batches, side by side, then rendered.
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
  const renderLastStatuses = async () => {
    const records = await findStatusesByIds(deps.db, [...lastStatuses.keys()]);
    const statuses = await presentStatuses(deps, [...records.values()], viewerId, {
      directConversationIds: lastStatuses,
    });
    return new Map(statuses.map((status) => [status.id, status]));
  };
  const [statuses, accounts] = await Promise.all([
    renderLastStatuses(),
    presentAccounts(
      deps,
      participations.flatMap((p) => p.recipientIds),
      viewerId,
    ),
  ]);
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
