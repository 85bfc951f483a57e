import type { ParticipationRecord } from '../../projections/conversations/queries.js';
import type { Account } from '../entities/account.js';
import type { Conversation } from '../entities/conversation.js';
import type { Status } from '../entities/status.js';

/**
 * §12.6: the Conversation entity of a participation, for its owner. `accounts` are the recipients but the
 * owner, unless the owner is the only one; recipients that cannot be shown (absent from `accounts`) are
 * left out. `lastStatus` carries this participation's id as `direct_conversation_id`. Pure.
 */
export function renderConversation(
  participation: Pick<ParticipationRecord, 'id' | 'accountId' | 'recipientIds' | 'read'>,
  accounts: ReadonlyMap<string, Account>,
  lastStatus: Status | null,
): Conversation {
  const { recipientIds, accountId } = participation;
  const shown = recipientIds.length > 1 ? recipientIds.filter((id) => id !== accountId) : recipientIds;
  return {
    id: participation.id,
    unread: !participation.read,
    accounts: shown.flatMap((id) => accounts.get(id) ?? []),
    last_status: lastStatus,
  };
}
