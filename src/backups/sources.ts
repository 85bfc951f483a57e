import type { Knex } from 'knex';
import type { Config } from '../config.js';
import { actorUrl } from '../domain/account/addresses.js';
import { type AccountRecord, findAccountsByIds } from '../projections/accounts/queries.js';
import { bookmarksPage } from '../projections/bookmarks/queries.js';
import { favouritesPage } from '../projections/favourites/queries.js';
import { findMediaByIds } from '../projections/media/queries.js';
import type { Page } from '../projections/pagination.js';
import { followerIdsPage, followingIdsPage } from '../projections/relationships/queries.js';
import { accountStatuses, findStatusesByIds } from '../projections/statuses/queries.js';
import { objectUri, renderActor, renderCreate } from './activitypub.js';
import type { BackupParts } from './archive.js';

export interface BackupSourceDeps {
  db: Knex;
  config: Pick<Config, 'PUBLIC_URL'>;
}

/** Rows read per query: a batch at a time is all a backup holds in memory. */
export const BACKUP_BATCH = 500;

/**
 * Every page of a keyset-paginated list, oldest first, as Pleroma writes each file (Repo.chunk_stream, by id):
 * `min_id` moving up from the start, each page (answered newest first) turned back.
 */
async function* pages<T>(
  fetch: (page: Page) => Promise<T[]>,
  idOf: (item: T) => string,
  batch: number,
): AsyncGenerator<T[]> {
  // Below every id: ids are decimal strings of positive integers, compared as bigints or as text.
  let minId = '0';
  for (;;) {
    const rows = (await fetch({ minId, limit: batch })).reverse();
    if (rows.length > 0) yield rows;
    if (rows.length < batch) return;
    minId = idOf(rows.at(-1)!);
  }
}

/** The account's statuses as Create activities, oldest first, each batch's replies and media gathered at once. */
async function* outbox(deps: BackupSourceDeps, account: AccountRecord, batch: number) {
  const { db, config } = deps;
  const fetch = (page: Page) => accountStatuses(db, account.id, account.id, page);
  for await (const rows of pages(fetch, (s) => s.id, batch)) {
    const [parents, media, parentAuthors] = await Promise.all([
      findStatusesByIds(
        db,
        rows.flatMap((s) => (s.inReplyToId ? [s.inReplyToId] : [])),
      ),
      findMediaByIds(
        db,
        rows.flatMap((s) => s.mediaIds),
      ),
      findAccountsByIds(
        db,
        rows.flatMap((s) => (s.inReplyToAccountId ? [s.inReplyToAccountId] : [])),
      ),
    ]);
    for (const status of rows) {
      const parent = status.inReplyToId ? parents.get(status.inReplyToId) : undefined;
      const parentAuthor = status.inReplyToAccountId
        ? parentAuthors.get(status.inReplyToAccountId)
        : undefined;
      const context = {
        inReplyTo: parent ? objectUri(config, parent.objectId) : null,
        parentActor: parentAuthor ? actorUrl(config, parentAuthor.nickname) : null,
        media: status.mediaIds.flatMap((id) => media.get(id) ?? []),
      };
      yield renderCreate(status, account.nickname, context, config);
    }
  }
}

/** The object ids of the statuses a list names, in its order, a batch at a time (a status gone is left out). */
async function* objectIds<T extends { statusId: string }>(
  deps: BackupSourceDeps,
  fetch: (page: Page) => Promise<T[]>,
  idOf: (row: T) => string,
  batch: number,
) {
  for await (const rows of pages(fetch, idOf, batch)) {
    const statuses = await findStatusesByIds(
      deps.db,
      rows.map((row) => row.statusId),
    );
    for (const { statusId } of rows) {
      const status = statuses.get(statusId);
      if (status) yield objectUri(deps.config, status.objectId);
    }
  }
}

/**
 * The ids of the objects the account liked, in the order it liked them: every favourite, as Pleroma lists every
 * Like of the actor, whether or not the account may still see the status.
 */
const likes = (deps: BackupSourceDeps, account: AccountRecord, batch: number) =>
  objectIds(
    deps,
    (page) => favouritesPage(deps.db, account.id, page),
    (row) => row.favouriteId,
    batch,
  );

/** The ids of the objects the account bookmarked, in the order it bookmarked them, whatever it may see now. */
const bookmarks = (deps: BackupSourceDeps, account: AccountRecord, batch: number) =>
  objectIds(
    deps,
    (page) => bookmarksPage(deps.db, account.id, page),
    (row) => row.bookmarkId,
    batch,
  );

/** Actor ids of the accounts a page query names. */
async function* actors(deps: BackupSourceDeps, fetch: (page: Page) => Promise<string[]>, batch: number) {
  for await (const ids of pages(fetch, (id) => id, batch)) {
    const accounts = await findAccountsByIds(deps.db, ids);
    for (const id of ids) {
      const account = accounts.get(id);
      if (account) yield actorUrl(deps.config, account.nickname);
    }
  }
}

/** What the account's backup holds, read from the read models a batch at a time as the zip asks for it. */
export function accountBackupParts(
  deps: BackupSourceDeps,
  account: AccountRecord,
  batch = BACKUP_BATCH,
): BackupParts {
  return {
    actor: { ...renderActor(account, deps.config), likes: 'likes.json', bookmarks: 'bookmarks.json' },
    outbox: outbox(deps, account, batch),
    likes: likes(deps, account, batch),
    bookmarks: bookmarks(deps, account, batch),
    followers: actors(deps, (page) => followerIdsPage(deps.db, account.id, page), batch),
    following: actors(deps, (page) => followingIdsPage(deps.db, account.id, page), batch),
  };
}
