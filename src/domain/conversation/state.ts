import { assertNever } from '../shared/errors.js';
import type { ConversationEvent } from './events.js';

export type ParticipationState =
  | { status: 'none' }
  | {
      status: 'active';
      participationId: string;
      accountId: string;
      recipientIds: string[];
      read: boolean;
      /** Every direct status this stream has received: a repeated delivery (process and use case) is a no-op. */
      received: string[];
    }
  | { status: 'deleted'; received: string[] };

export const initialParticipationState: ParticipationState = { status: 'none' };

const received = (state: ParticipationState) => (state.status === 'none' ? [] : state.received);

export function evolveParticipation(state: ParticipationState, event: ConversationEvent): ParticipationState {
  switch (event.type) {
    case 'ConversationStarted': {
      const { participationId, accountId, recipientIds, read, statusId } = event.data;
      return {
        status: 'active',
        participationId,
        accountId,
        recipientIds,
        read,
        received: [...received(state), statusId],
      };
    }
    case 'ConversationStatusAdded':
      if (state.status !== 'active') return state;
      return {
        ...state,
        read: event.data.read ?? state.read,
        received: [...state.received, event.data.statusId],
      };
    case 'ConversationRecipientsChanged':
      return state.status === 'active' ? { ...state, recipientIds: event.data.recipientIds } : state;
    case 'ConversationRead':
      return state.status === 'active' ? { ...state, read: true } : state;
    case 'ConversationDeleted':
      return { status: 'deleted', received: received(state) };
    default:
      return assertNever(event);
  }
}
