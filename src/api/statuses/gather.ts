import { isVisibleTo } from '../../domain/status/visibility.js';
import { participationIdsByContext } from '../../projections/conversations/queries.js';
import { findMediaByIds } from '../../projections/media/queries.js';
import {
  findStatusesByIds,
  readStatusColumns,
  type StatusRecord,
} from '../../projections/statuses/queries.js';
import { type PresentedAccount, presentAccountsWithState } from '../accounts/present.js';
import type { AppDeps } from '../deps.js';
import type { Status } from '../entities/status.js';
import { favouriteExtras } from '../favourites/extras.js';
import { reactionExtras } from '../reactions/extras.js';
import { DEFAULT_STATUS_EXTRAS, renderStatus, type StatusExtras } from '../views/status.js';

/**
 * One read model's contribution to every rendered status (favourites, reactions, …): select-list SQL over
 * the status id `s.id` and the viewer `v.id` (owned by that model's queries.ts), and how to read its columns
 * back. Every provider's columns are read in one statement per batch of statuses.
 */
export interface StatusExtrasProvider {
  columns: string;
  read(row: Record<string, unknown>, viewerId: string | null): Partial<StatusExtras>;
}

/**
 * Every provider. Adding a read model's fields to every rendered status is one line here (e.g. favourites:
 * `favouritesCount` and `favourited`; reactions: `emojiReactions`).
 */
export const statusExtrasProviders: readonly StatusExtrasProvider[] = [favouriteExtras, reactionExtras];

export type GatherDeps = Pick<AppDeps, 'config' | 'db'>;

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

async function gatherExtras(
  deps: GatherDeps,
  ids: string[],
  viewerId: string | null,
  providers: readonly StatusExtrasProvider[],
): Promise<Map<string, StatusExtras>> {
  const columns = providers.map((provider) => provider.columns);
  const rows = await readStatusColumns(deps.db, ids, viewerId, columns);
  return new Map(
    [...rows].map(([id, row]) => [
      id,
      Object.assign({}, DEFAULT_STATUS_EXTRAS, ...providers.map((provider) => provider.read(row, viewerId))),
    ]),
  );
}

/**
 * Renders statuses for a viewer: gathers what the pure renderer needs in batched queries run together (the
 * authors with their counts, every extras provider's columns, and only when present replied-to statuses,
 * media and the viewer's conversations), then renders in order.
 * Statuses whose author is unknown are left out.
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
  if (statuses.length === 0) {
    const accounts = await presentAccountsWithState(deps, options.alsoAccountIds ?? [], viewerId);
    return { statuses: [], accounts };
  }
  const ids = statuses.map((s) => s.id);
  const inBatch = new Map(statuses.map((s) => [s.id, s]));
  const parentIds = statuses.flatMap((s) =>
    s.inReplyToId && !inBatch.has(s.inReplyToId) ? [s.inReplyToId] : [],
  );
  const accountIds = statuses.flatMap((s) =>
    s.inReplyToAccountId ? [s.accountId, s.inReplyToAccountId] : [s.accountId],
  );
  accountIds.push(...(options.alsoAccountIds ?? []));
  const [accounts, parents, extras, media, direct] = await Promise.all([
    presentAccountsWithState(deps, accountIds, viewerId),
    findStatusesByIds(deps.db, parentIds),
    gatherExtras(deps, ids, viewerId, options.providers ?? statusExtrasProviders),
    findMediaByIds(
      deps.db,
      statuses.flatMap((s) => s.mediaIds),
    ),
    directConversationIds(deps, statuses, viewerId, options),
  ]);
  const result: Status[] = [];
  for (const status of statuses) {
    const author = accounts.get(status.accountId)?.account;
    if (!author) continue;
    const parent = status.inReplyToId
      ? (inBatch.get(status.inReplyToId) ?? parents.get(status.inReplyToId))
      : undefined;
    result.push(
      renderStatus(status, {
        config: deps.config,
        viewerId,
        account: author,
        extras: extras.get(status.id) ?? DEFAULT_STATUS_EXTRAS,
        inReplyToAccountAcct: status.inReplyToAccountId
          ? (accounts.get(status.inReplyToAccountId)?.account.username ?? null)
          : null,
        parentVisible: parent !== undefined && isVisibleTo(parent, viewerId),
        withSource: options.withSource,
        directConversationId: direct.has(status.id) ? Number(direct.get(status.id)) : null,
        media: status.mediaIds.flatMap((id) => media.get(id) ?? []),
      }),
    );
  }
  return { statuses: result, accounts };
}

/** One status (show, post, delete answers). The caller has checked that the viewer may see it. */
export async function presentStatus(
  deps: GatherDeps,
  status: StatusRecord,
  viewerId: string | null,
  options: PresentOptions = {},
): Promise<Status> {
  const [rendered] = await presentStatuses(deps, [status], viewerId, { ...options, single: true });
  if (!rendered) throw new Error(`The author of status ${status.id} is missing from the accounts read model`);
  return rendered;
}
