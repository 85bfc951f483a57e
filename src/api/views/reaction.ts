import type { ReactionEntry } from '../../projections/reactions/queries.js';
import type { Account } from '../entities/account.js';
import type { EmojiReaction } from '../entities/status.js';

/** §9.4: one item of `GET /api/v1/pleroma/statuses/:id/reactions`. */
export interface ReactionListItem {
  name: string;
  count: number;
  me: boolean;
  url: string | null;
  accounts: Account[];
}

/** Who the viewer does not want to see: the accounts they block, and those they mute unless `with_muted`. */
export type HiddenAccounts = ReadonlySet<string>;

/**
 * §9.5: `pleroma.emoji_reactions` for one status as `viewerId` sees it: first-reaction order, reactors
 * most recent first, hidden accounts removed and entries left empty dropped. Pure.
 */
export function renderEmojiReactions(
  entries: readonly ReactionEntry[],
  viewerId: string | null,
  hidden: HiddenAccounts = new Set(),
): EmojiReaction[] {
  return entries.flatMap((entry) => {
    const accountIds = entry.accountIds.filter((id) => !hidden.has(id));
    if (accountIds.length === 0) return [];
    const me = viewerId !== null && accountIds.includes(viewerId);
    return [{ name: entry.name, count: accountIds.length, me, url: entry.url, account_ids: accountIds }];
  });
}

/**
 * §9.4: the reaction list, with the reactors rendered: `accounts` holds the rendered accounts that may be
 * listed (active, not hidden from the viewer); reactors missing from it are left out, entries left empty
 * dropped, and `count` is what remains. `me` says whether the viewer reacted. Pure.
 */
export function renderReactionList(
  entries: readonly ReactionEntry[],
  accounts: ReadonlyMap<string, Account>,
  viewerId: string | null,
): ReactionListItem[] {
  return entries.flatMap((entry) => {
    const listed = entry.accountIds.flatMap((id) => accounts.get(id) ?? []);
    if (listed.length === 0) return [];
    const me = viewerId !== null && entry.accountIds.includes(viewerId);
    return [{ name: entry.name, count: listed.length, me, url: entry.url, accounts: listed }];
  });
}
