import type { ParticipationRecord } from '../../projections/conversations/queries.js';
import { activeAccounts, type PresentDeps } from '../accounts/present.js';
import type { Conversation } from '../entities/conversation.js';
import { renderGathered, statusExtrasProviders } from '../statuses/gather.js';
import { type Gathered, gather } from '../statuses/gathered.js';
import { renderConversation } from '../views/conversation.js';

/**
 * Conversations (§12.6) of their owner, in order: the last statuses (each with its participation id as
 * `direct_conversation_id`), then their authors and the recipients in one gather, then rendered.
 */
export async function presentConversations(
  deps: PresentDeps,
  participations: readonly ParticipationRecord[],
  viewerId: string,
): Promise<Conversation[]> {
  if (participations.length === 0) return [];
  const lastStatuses = lastStatusesOf(participations);
  const recipientIds = participations.flatMap((p) => p.recipientIds);
  const gathered = await gather(deps.db, lastStatuses, viewerId, statusExtrasProviders, recipientIds);
  return renderConversations(deps, participations, gathered, viewerId);
}

const lastStatusesOf = (participations: readonly ParticipationRecord[]) => [
  ...new Map(participations.flatMap((p) => (p.lastStatus ? [[p.lastStatus.id, p.lastStatus]] : []))).values(),
];

/** Conversations rendered from what was gathered for their last statuses and recipients (gathered.ts). */
export async function renderConversations(
  deps: PresentDeps,
  participations: readonly ParticipationRecord[],
  gathered: Gathered,
  viewerId: string,
): Promise<Conversation[]> {
  const directConversationIds = new Map(
    participations.flatMap((p) => (p.lastStatusId ? [[p.lastStatusId, p.id]] : [])),
  );
  const rendered = await renderGathered(deps, lastStatusesOf(participations), gathered, viewerId, {
    directConversationIds,
  });
  const statuses = new Map(rendered.statuses.map((status) => [status.id, status]));
  const accounts = activeAccounts(rendered.accounts);
  return participations.map((p) =>
    renderConversation(p, accounts, (p.lastStatusId && statuses.get(p.lastStatusId)) || null),
  );
}

export async function presentConversation(
  deps: PresentDeps,
  participation: ParticipationRecord,
  viewerId: string,
): Promise<Conversation> {
  const [conversation] = await presentConversations(deps, [participation], viewerId);
  return conversation!;
}
