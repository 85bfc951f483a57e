import {
  type ConversationCommand,
  participationDecider,
  participationStream,
  unknownConversation,
} from '../../domain/conversation/index.js';
import { findAccountsByIds } from '../../projections/accounts/queries.js';
import { CONVERSATIONS_PROJECTOR } from '../../projections/conversations/projector.js';
import {
  findParticipation,
  findParticipations,
  type ParticipationRecord,
  unreadParticipations,
} from '../../projections/conversations/queries.js';
import { type CommandContext, handleCommand } from '../handleCommand.js';
import { subcommand } from '../oauth/deps.js';
import type { ConversationCommandDeps } from './deps.js';

/** The caller's participation `id`; unknown, malformed and foreign ids alike are 404 "Unknown conversation id". */
export async function ownParticipation(
  deps: Pick<ConversationCommandDeps, 'db'>,
  actorId: string,
  id: string,
): Promise<ParticipationRecord> {
  const participation = await findParticipation(deps.db, id);
  if (!participation || participation.accountId !== actorId) throw unknownConversation();
  return participation;
}

/** Decides on the participation's stream; answers the position to wait for (null: nothing changed). */
async function decide(
  deps: ConversationCommandDeps,
  participation: ParticipationRecord,
  command: ConversationCommand,
  context: CommandContext,
): Promise<bigint | null> {
  const stream = participationStream(participation.accountId, participation.context);
  const result = await handleCommand(deps.eventStore, stream, participationDecider, command, context);
  return result.position;
}

/** Runs `command` on the participation, waits for the read model and answers the participation then. */
async function act(
  deps: ConversationCommandDeps,
  participation: ParticipationRecord,
  command: ConversationCommand,
  context: CommandContext,
): Promise<ParticipationRecord> {
  await deps.projections.waitFor(
    [CONVERSATIONS_PROJECTOR],
    await decide(deps, participation, command, context),
  );
  return ownParticipation(deps, participation.accountId, participation.id);
}

/** POST /api/v1/conversations/:id/read. */
export async function markConversationRead(
  deps: ConversationCommandDeps,
  actorId: string,
  id: string,
  context: CommandContext,
): Promise<ParticipationRecord> {
  const participation = await ownParticipation(deps, actorId, id);
  return act(deps, participation, { type: 'MarkConversationRead', actorId }, context);
}

/** PATCH /api/v1/pleroma/conversations/:id (§6.6): ids of accounts that do not exist are ignored, as in Pleroma. */
export async function changeConversationRecipients(
  deps: ConversationCommandDeps,
  actorId: string,
  id: string,
  recipientIds: readonly string[],
  context: CommandContext,
): Promise<ParticipationRecord> {
  const participation = await ownParticipation(deps, actorId, id);
  const known = await findAccountsByIds(deps.db, recipientIds);
  const existing = [...new Set(recipientIds)].filter((recipientId) => known.has(recipientId));
  const command = { type: 'ChangeConversationRecipients', actorId, recipientIds: existing } as const;
  return act(deps, participation, command, context);
}

/** DELETE /api/v1/conversations/:id: gone once this resolves. */
export async function deleteConversation(
  deps: ConversationCommandDeps,
  actorId: string,
  id: string,
  context: CommandContext,
): Promise<void> {
  const participation = await ownParticipation(deps, actorId, id);
  const position = await decide(deps, participation, { type: 'DeleteConversation', actorId }, context);
  await deps.projections.waitFor([CONVERSATIONS_PROJECTOR], position);
}

const READ_ALL_CONCURRENCY = 8;

/** POST /api/v1/pleroma/conversations/read (§6.7): marks every unread participation read; answers those it changed. */
export async function markAllConversationsRead(
  deps: ConversationCommandDeps,
  actorId: string,
  context: CommandContext,
): Promise<ParticipationRecord[]> {
  const unread = await unreadParticipations(deps.db, actorId);
  const changed: string[] = [];
  let position: bigint | null = null;
  // A few streams at a time: each is its own small decision.
  for (let at = 0; at < unread.length; at += READ_ALL_CONCURRENCY) {
    const batch = unread.slice(at, at + READ_ALL_CONCURRENCY);
    const appended = await Promise.all(
      batch.map((participation) => {
        const step = subcommand(context, `read-${participation.id}`);
        return decide(deps, participation, { type: 'MarkConversationRead', actorId }, step);
      }),
    );
    for (const [index, p] of appended.entries()) {
      if (p === null) continue;
      changed.push(batch[index]!.id);
      if (position === null || p > position) position = p;
    }
  }
  await deps.projections.waitFor([CONVERSATIONS_PROJECTOR], position);
  return findParticipations(deps.db, changed);
}
