import type { Knex } from 'knex';
import type { Config } from '../../config.js';
import { isVisibleTo } from '../../domain/status/visibility.js';
import { type AccountRecord, findAccountsByIds } from '../../projections/accounts/queries.js';
import { participationIdsByContext } from '../../projections/conversations/queries.js';
import { findMediaByIds } from '../../projections/media/queries.js';
import {
  type AccountStatusStats,
  findStatusesByIds,
  type StatusRecord,
} from '../../projections/statuses/queries.js';
import type { Account } from '../entities/account.js';
import type { Status } from '../entities/status.js';
import { favouriteExtras } from '../favourites/extras.js';
import { reactionExtras } from '../reactions/extras.js';
import { renderAccount } from '../views/account.js';
import { DEFAULT_STATUS_EXTRAS, renderStatus, type StatusExtras } from '../views/status.js';

/**
 * One read model's contribution to a batch of statuses for one viewer (favourites, reactions, …): a few
 * batched queries over `statusIds`, answering only what it knows, keyed by status id.
 */
export type StatusExtrasProvider = (
  db: Knex,
  statusIds: readonly string[],
  viewerId: string | null,
) => Promise<Map<string, Partial<StatusExtras>>>;

/**
 * Every provider, run in parallel for each batch. Adding a read model's fields to every rendered status is
 * one line here (e.g. favourites: `favouritesCount` and `favourited`; reactions: `emojiReactions`).
 */
export const statusExtrasProviders: readonly StatusExtrasProvider[] = [favouriteExtras, reactionExtras];

export interface GatherDeps {
  config: Pick<Config, 'PUBLIC_URL' | 'LOCAL_DOMAIN'>;
  db: Knex;
}

export interface PresentOptions {
  /** DELETE answers the source text too. */
  withSource?: boolean;
  /** Single-status responses carry `pleroma.direct_conversation_id` (§6.3). */
  single?: boolean;
  /** Replace the registered providers (tests, benchmarks). */
  providers?: readonly StatusExtrasProvider[];
  /** A Conversation's `last_status` (§12.6): the participation id to show, by status id. */
  directConversationIds?: ReadonlyMap<string, string>;
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

function renderAuthor(
  deps: GatherDeps,
  account: AccountRecord,
  stats: AccountStatusStats,
  viewerId: string | null,
): Account {
  const counts = { followers: 0, following: 0, statuses: stats.statusesCount, followRequests: 0 };
  return renderAccount(account, {
    config: deps.config,
    viewerId,
    counts,
    lastStatusAt: stats.lastStatusAt,
  });
}

async function gatherExtras(
  deps: GatherDeps,
  ids: string[],
  viewerId: string | null,
  providers: readonly StatusExtrasProvider[],
): Promise<Map<string, StatusExtras>> {
  const answers = await Promise.all(providers.map((provider) => provider(deps.db, ids, viewerId)));
  return new Map(
    ids.map((id) => [
      id,
      Object.assign({}, DEFAULT_STATUS_EXTRAS, ...answers.map((answer) => answer.get(id))),
    ]),
  );
}

/**
 * Renders statuses for a viewer: gathers what the pure renderer needs in a few batched queries run
 * together (authors, replied-to statuses, each extras provider; author counts come with the rows), then
 * renders in order.
 * Statuses whose author is unknown are left out.
 */
export async function presentStatuses(
  deps: GatherDeps,
  statuses: readonly StatusRecord[],
  viewerId: string | null,
  options: PresentOptions = {},
): Promise<Status[]> {
  if (statuses.length === 0) return [];
  const ids = statuses.map((s) => s.id);
  const inBatch = new Map(statuses.map((s) => [s.id, s]));
  const parentIds = statuses.flatMap((s) =>
    s.inReplyToId && !inBatch.has(s.inReplyToId) ? [s.inReplyToId] : [],
  );
  const accountIds = statuses.flatMap((s) =>
    s.inReplyToAccountId ? [s.accountId, s.inReplyToAccountId] : [s.accountId],
  );
  const [accounts, parents, extras, media, direct] = await Promise.all([
    findAccountsByIds(deps.db, accountIds),
    findStatusesByIds(deps.db, parentIds),
    gatherExtras(deps, ids, viewerId, options.providers ?? statusExtrasProviders),
    findMediaByIds(
      deps.db,
      statuses.flatMap((s) => s.mediaIds),
    ),
    directConversationIds(deps, statuses, viewerId, options),
  ]);
  const authors = new Map<string, Account>();
  const result: Status[] = [];
  for (const status of statuses) {
    const account = accounts.get(status.accountId);
    if (!account) continue;
    let author = authors.get(account.id);
    if (!author) {
      author = renderAuthor(deps, account, status.authorStats, viewerId);
      authors.set(account.id, author);
    }
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
          ? (accounts.get(status.inReplyToAccountId)?.nickname ?? null)
          : null,
        parentVisible: parent !== undefined && isVisibleTo(parent, viewerId),
        withSource: options.withSource,
        directConversationId: direct.has(status.id) ? Number(direct.get(status.id)) : null,
        media: status.mediaIds.flatMap((id) => media.get(id) ?? []),
      }),
    );
  }
  return result;
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
