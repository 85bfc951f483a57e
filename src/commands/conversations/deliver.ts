import {
  participationDecider,
  participationIdFor,
  participationStream,
} from '../../domain/conversation/index.js';
import type { StatusPostedData } from '../../domain/status/events.js';
import type { RecordedEvent } from '../../eventstore/eventStore.js';
import { CONVERSATIONS_PROJECTOR } from '../../projections/conversations/projector.js';
import { RELATIONSHIPS_PROJECTOR } from '../../projections/relationships/projector.js';
import { relationshipsOf } from '../../projections/relationships/queries.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';
import type { ConversationCommandDeps } from './deps.js';

/**
 * §6.1 "a DM from a user the participant blocks does not mark the blocker's participation unread", as
 * Pleroma's code has it: the participant blocks anyone the status addresses (the author first of all).
 */
async function blocksAnyoneAddressed(
  deps: ConversationCommandDeps,
  accountId: string,
  addressedIds: readonly string[],
): Promise<boolean> {
  const others = addressedIds.filter((id) => id !== accountId);
  const relationships = await relationshipsOf(deps.db, accountId, others);
  return [...relationships.values()].some((relationship) => relationship.blocking);
}

/** Like a process's step (processes/process.ts): ids derive from the status event's, so both callers append once. */
const deliveryContext = (posted: RecordedEvent, accountId: string, time: Date): CommandContext => ({
  commandId: `${posted.id}/conversation-${accountId}`,
  actor: posted.metadata.actor,
  correlationId: posted.metadata.correlationId,
  causationId: posted.id,
  time,
});

async function lastPosition(deps: ConversationCommandDeps, stream: string): Promise<bigint | null> {
  const [last] = await deps.eventStore.readStream(stream, { direction: 'backwards', maxCount: 1 });
  return last?.position ?? null;
}

/**
 * A direct status reaches the participation of everyone it addresses, the author included (§6.1). Both the
 * status use case (so its answer shows the poster's `direct_conversation_id`) and the conversations process
 * (should the request have stopped after the status was stored, or for statuses older than this feature)
 * call it; the decider makes a second delivery a no-op. Answers the position the conversations read model
 * must reach to show every participation, or null for a status that is not direct.
 */
export async function deliverDirectStatus(
  deps: ConversationCommandDeps,
  posted: RecordedEvent,
  time: Date,
): Promise<bigint | null> {
  const status = posted.data as unknown as StatusPostedData;
  if (posted.type !== 'StatusPosted' || status.visibility !== 'direct') return null;
  // Blocks made before the status count.
  await deps.projections.waitFor([RELATIONSHIPS_PROJECTOR], posted.position);
  const addressedIds = [...new Set([status.accountId, ...status.mentions.map((m) => m.accountId)])];
  const positions = await Promise.all(
    addressedIds.map(async (accountId) => {
      const stream = participationStream(accountId, status.context);
      const command = {
        type: 'ReceiveDirectStatus',
        participationId: participationIdFor(accountId, status.statusId),
        accountId,
        context: status.context,
        statusId: status.statusId,
        authorId: status.accountId,
        addressedIds,
        blocksAddressed: await blocksAnyoneAddressed(deps, accountId, addressedIds),
      } as const;
      const context = deliveryContext(posted, accountId, time);
      const result = await handleCommand(deps.eventStore, stream, participationDecider, command, context);
      return result.position ?? (await lastPosition(deps, stream));
    }),
  );
  return positions.reduce<bigint | null>(
    (max, p) => (p !== null && (max === null || p > max) ? p : max),
    null,
  );
}

/** For the status use case: delivers the status stored on `statusStream` and waits until it shows. */
export async function deliverPostedStatus(
  deps: ConversationCommandDeps,
  statusStream: string,
  time: Date,
): Promise<void> {
  const [posted] = await deps.eventStore.readStream(statusStream, { maxCount: 1 });
  if (!posted) return;
  const position = await deliverDirectStatus(deps, posted, time);
  await deps.projections.waitFor([CONVERSATIONS_PROJECTOR], position);
}
