import type { AccountRecord } from '../../projections/accounts/queries.js';
import { unreadConversationCountSql } from '../../projections/conversations/queries.js';
import { ownNotificationFactsJson, ownNotificationFactsOf } from '../../projections/notifications/queries.js';
import type { AppDeps } from '../deps.js';
import type { AccountViewOptions } from '../views/account.js';

/**
 * The self-only fields of the reader's own Account (§12.1) beyond its row. Pleroma renders them for the reader's
 * own account wherever it appears (a status's author, a conversation's or a list's accounts), not only on
 * verify_credentials: a client that merges every account it receives by id would otherwise take the defaults.
 *
 * The unread counts are the exception: they are counted (selfFactsJson) only where the account is the answer
 * itself (verify_credentials, an account lookup, update_credentials). Counting them for every embedded own
 * account made every notifications page count the reader's unseen notifications: 10,000 of them cost more than
 * the page (the bench's ratio fell from 0.44 to 0.36). Elsewhere they stay 0 until the read models keep counters.
 */
export interface SelfFacts {
  /** Counted only with `counted` (see above). */
  unreadConversationCount: number;
  notifications: ReturnType<typeof ownNotificationFactsOf>;
}

type SelfFactsJson = {
  unread_conversations: number;
  notifications: Parameters<typeof ownNotificationFactsOf>[0];
};

/**
 * SQL of one JSON value for a larger statement: the self facts of the viewer (`viewerSql`, text) when the
 * accounts read with them (`idsSql`, text[]) include the viewer, else null; the unread counts only when `counted`.
 */
export const selfFactsJson = (
  viewerSql: string,
  idsSql: string,
  counted: boolean,
) => `(select json_build_object(
    'unread_conversations', ${counted ? unreadConversationCountSql(viewerSql) : '0'},
    'notifications', ${ownNotificationFactsJson(viewerSql, counted)})
  where ${viewerSql} = any(${idsSql}))`;

export const selfFactsOf = (json: SelfFactsJson | null): SelfFacts | null =>
  json && {
    unreadConversationCount: json.unread_conversations,
    notifications: ownNotificationFactsOf(json.notifications),
  };

/** The view options of the reader's own account: those facts and its decrypted address (null once shredded). */
export async function selfViewOptions(
  keys: AppDeps['keys'],
  account: AccountRecord,
  self: SelfFacts,
): Promise<Pick<AccountViewOptions, 'email' | 'unreadConversationCount' | 'notifications'>> {
  const email = account.emailEncrypted ? await keys.decrypt(account.id, account.emailEncrypted) : null;
  return { email, unreadConversationCount: self.unreadConversationCount, notifications: self.notifications };
}
