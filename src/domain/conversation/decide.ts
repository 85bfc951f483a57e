import { assertNever, notFound } from '../shared/errors.js';
import type { ConversationCommand, ReceiveDirectStatus } from './commands.js';
import type { ConversationEvent } from './events.js';
import type { ParticipationState } from './state.js';

/** §6.4–§6.6: a participation that does not exist or is someone else's, answered with 404. */
export const UNKNOWN_CONVERSATION = 'Unknown conversation id';
export const unknownConversation = () => notFound(UNKNOWN_CONVERSATION);

type Active = Extract<ParticipationState, { status: 'active' }>;

const unique = (ids: readonly string[]) => [...new Set(ids)];
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id) => b.includes(id));

/**
 * §6.1: the first direct status starts the participation with everyone it addresses as recipients, fixed
 * from then on; later ones only move it on. The author's own becomes read, the others' unread, except that
 * an owner who blocks someone addressed is left as they were (a new participation starts read).
 */
function receive(command: ReceiveDirectStatus, state: ParticipationState): ConversationEvent[] {
  if (state.status !== 'none' && state.received.includes(command.statusId)) return [];
  const { accountId, statusId } = command;
  const own = command.authorId === accountId;
  if (state.status !== 'active') {
    const data = {
      participationId: command.participationId,
      accountId,
      context: command.context,
      recipientIds: unique([...command.addressedIds, accountId]),
      statusId,
      read: own || command.blocksAddressed,
    };
    return [{ type: 'ConversationStarted', data }];
  }
  const read = own ? true : command.blocksAddressed ? null : false;
  const data = { participationId: state.participationId, accountId, statusId, read };
  return [{ type: 'ConversationStatusAdded', data }];
}

/** Only the owner may act on a participation; anyone else learns nothing about it. */
function owned(state: ParticipationState, actorId: string): Active {
  if (state.status !== 'active' || state.accountId !== actorId) throw unknownConversation();
  return state;
}

export function decideParticipation(
  command: ConversationCommand,
  state: ParticipationState,
): ConversationEvent[] {
  switch (command.type) {
    case 'ReceiveDirectStatus':
      return receive(command, state);
    case 'MarkConversationRead': {
      const active = owned(state, command.actorId);
      if (active.read) return [];
      const { participationId, accountId } = active;
      return [{ type: 'ConversationRead', data: { participationId, accountId } }];
    }
    case 'ChangeConversationRecipients': {
      const active = owned(state, command.actorId);
      // §6.6: the given accounts and the owner, whatever was given.
      const recipientIds = unique([active.accountId, ...command.recipientIds]);
      if (sameSet(recipientIds, active.recipientIds)) return [];
      const { participationId, accountId } = active;
      return [{ type: 'ConversationRecipientsChanged', data: { participationId, accountId, recipientIds } }];
    }
    case 'DeleteConversation': {
      const { participationId, accountId } = owned(state, command.actorId);
      return [{ type: 'ConversationDeleted', data: { participationId, accountId } }];
    }
    default:
      return assertNever(command);
  }
}
