import { isVisibleTo } from '../../domain/status/visibility.js';
import { participationIdsByContext } from '../../projections/conversations/queries.js';
import { findStatusesByIds, type StatusRecord } from '../../projections/statuses/queries.js';
import { type PresentDeps, type PresentedAccount, presentGatheredAccounts } from '../accounts/present.js';
import { bookmarkExtras } from '../bookmarks/extras.js';
import type { Status } from '../entities/status.js';
import { favouriteExtras } from '../favourites/extras.js';
import { pinExtras } from '../pins/extras.js';
import { reactionExtras } from '../reactions/extras.js';
import { muteExtras } from '../relationships/extras.js';
import { DEFAULT_STATUS_EXTRAS, renderStatus } from '../views/status.js';
import { type Gathered, gather, type StatusExtrasProvider } from './gathered.js';

/**
 * Every provider. Adding a read model's fields to every rendered status is one line here (e.g. favourites:
 * `favouritesCount` and `favourited`; reactions: `emojiReactions`).
 */
export const statusExtrasProviders: readonly StatusExtrasProvider[] = [
  favouriteExtras,
  reactionExtras,
  muteExtras,
  bookmarkExtras,
  pinExtras,
];

export type GatherDeps = PresentDeps;

export interface PresentOptions {
  /** DELETE answers the source text too. */
  withSource?: boolean;
  /** Single-status responses carry `pleroma.direct_conversation_id` (§6.3). */
  single?: boolean;
  /** Replace the registered providers (tests, benchmarks). */
  providers?: readonly StatusExtrasProvider[];
  /** A Conversation's `last_status` (§12.6): the participation id to show, by status id. */
  directConversationIds?: ReadonlyMap<string, string>;
  /**
   * More accounts to render in the same query as the authors (notification actors, conversation
   * recipients): presentStatusesWithAccounts answers them.
   */
  alsoAccountIds?: readonly string[];
}

/** §6.3 (issue 6): the viewer's participation in each status's conversation, by status id; single answers only. */
async function directConversationIds(
  deps: GatherDeps,
  statuses: readonly StatusRecord[],
  viewerId: string | null,
  options: PresentOptions,
): Promise<ReadonlyMap<string, string>> {
  if (options.directConversationIds) return options.directConversationIds;
  if (!options.single || viewerId === null) return new Map();
  const contexts = statuses.map((s) => s.context);
  const byContext = await participationIdsByContext(deps.db, viewerId, contexts);
  return new Map(
    statuses.flatMap((s) => (byContext.has(s.context) ? [[s.id, byContext.get(s.context)!]] : [])),
  );
}

/**
 * Renders statuses for a viewer: gathers what the pure renderer needs in one statement (gathered.ts: the
 * authors with their counts, every extras provider's columns, replied-to statuses and media; for a single
 * status also the viewer's conversation, read beside it), then renders in order. Pages gather with their page
 * instead (readPageGathered, then renderGathered). Statuses whose author is unknown are left out.
 */
export async function presentStatuses(
  deps: GatherDeps,
  statuses: readonly StatusRecord[],
  viewerId: string | null,
  options: PresentOptions = {},
): Promise<Status[]> {
  return (await presentStatusesWithAccounts(deps, statuses, viewerId, options)).statuses;
}

/** presentStatuses, answering as well every account it rendered (authors and `alsoAccountIds`). */
export async function presentStatusesWithAccounts(
  deps: GatherDeps,
  statuses: readonly StatusRecord[],
  viewerId: string | null,
  options: PresentOptions = {},
): Promise<{ statuses: Status[]; accounts: Map<string, PresentedAccount> }> {
  const providers = options.providers ?? statusExtrasProviders;
  const [gathered, direct] = await Promise.all([
    gather(deps.db, statuses, viewerId, providers, options.alsoAccountIds),
    directConversationIds(deps, statuses, viewerId, options),
  ]);
  return renderGathered(deps, statuses, gathered, viewerId, { ...options, directConversationIds: direct });
}

/**
 * Renders statuses from what was gathered for them (gathered.ts: by presentStatuses, or with their page), in
 * order. Statuses whose author is unknown are left out.
 */
export async function renderGathered(
  deps: GatherDeps,
  statuses: readonly StatusRecord[],
  gathered: Gathered,
  viewerId: string | null,
  options: PresentOptions = {},
): Promise<{ statuses: Status[]; accounts: Map<string, PresentedAccount> }> {
  const accounts = await presentGatheredAccounts(
    deps,
    gathered.accounts,
    gathered.accounts.byId.keys(),
    viewerId,
  );
  const inBatch = new Map(statuses.map((s) => [s.id, s]));
  const direct = options.directConversationIds ?? new Map<string, string>();
  const result: Status[] = [];
  for (const record of statuses) {
    const author = accounts.get(record.accountId)?.account;
    if (!author) continue;
    const parent = record.inReplyToId
      ? (inBatch.get(record.inReplyToId) ?? gathered.parents.get(record.inReplyToId))
      : undefined;
    // A reply to a deleted status replies to nothing (Pleroma's get_reply_to finds no activity).
    const status =
      parent || !record.inReplyToId ? record : { ...record, inReplyToId: null, inReplyToAccountId: null };
    result.push(
      renderStatus(status, {
        config: deps.config,
        viewerId,
        account: author,
        extras: gathered.extras.get(status.id) ?? DEFAULT_STATUS_EXTRAS,
        inReplyToAccountAcct: status.inReplyToAccountId
          ? (accounts.get(status.inReplyToAccountId)?.account.username ?? null)
          : null,
        parentVisible:
          parent !== undefined &&
          isVisibleTo(parent, viewerId, {
            followsAuthor: gathered.followedParentAuthors.has(parent.accountId),
          }),
        withSource: options.withSource,
        directConversationId: direct.has(status.id) ? Number(direct.get(status.id)) : null,
        media: status.mediaIds.flatMap((id) => gathered.media.get(id) ?? []),
      }),
    );
  }
  return { statuses: result, accounts };
}

/** Statuses by id in the order given, rendered for the viewer (ids whose status is gone are left out). */
export async function presentStatusesInOrder(
  deps: GatherDeps,
  ids: readonly string[],
  viewerId: string | null,
): Promise<Status[]> {
  const found = await findStatusesByIds(deps.db, ids);
  return presentStatuses(
    deps,
    ids.flatMap((id) => found.get(id) ?? []),
    viewerId,
  );
}

/**
 * One status. §6.3: post, show and delete answers are single-status responses and carry
 * `direct_conversation_id`; a favourite's or reaction's answer is not one (`single: false`), as in Pleroma.
 * The caller has checked that the viewer may see it.
 */
export async function presentStatus(
  deps: GatherDeps,
  status: StatusRecord,
  viewerId: string | null,
  options: PresentOptions = {},
): Promise<Status> {
  const [rendered] = await presentStatuses(deps, [status], viewerId, { single: true, ...options });
  if (!rendered) throw new Error(`The author of status ${status.id} is missing from the accounts read model`);
  return rendered;
}
