import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type FavouriteEvent, favouriteStream } from '../../src/domain/favourite/index.js';
import { type ReactionEvent, reactionStream } from '../../src/domain/reaction/index.js';
import type { StatusDeleted } from '../../src/domain/status/events.js';
import type { EventStore, RecordedEvent } from '../../src/eventstore/eventStore.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import { favouritesProjector } from '../../src/projections/favourites/projector.js';
import { favouriteCounts, favouritingAccountIds } from '../../src/projections/favourites/queries.js';
import { liveTables, type Projector } from '../../src/projections/projector.js';
import { reactionsProjector } from '../../src/projections/reactions/projector.js';
import { findCustomReactionUrl, reactionEntries } from '../../src/projections/reactions/queries.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import {
  appendHistory,
  applyEvents,
  expectSameRowsOnReplay,
  recordedUpTo,
  snapshotTables,
} from '../helpers/projectors.js';

const config = loadConfig({ PUBLIC_URL: 'https://annals.example' });
const local = 'https://annals.example/emoji/blobs/blobfox.png';
const remote = 'https://remote.example/emoji/blobfox.png';
const fav = (favouriteId: string, accountId: string, statusId: string, removed = false): FavouriteEvent => ({
  type: removed ? 'FavouriteRemoved' : 'StatusFavourited',
  data: { favouriteId, accountId, statusId },
});
const reaction = (
  reactionId: string,
  accountId: string,
  statusId: string,
  emoji: string,
  url: string | null = null,
  removed = false,
): ReactionEvent => ({
  type: removed ? 'ReactionRemoved' : 'ReactionAdded',
  data: { reactionId, accountId, statusId, emoji, url },
});
const deleted = (statusId: string): StatusDeleted => ({
  type: 'StatusDeleted',
  data: { statusId, accountId: 'a' },
});

/** Each event on the stream it belongs to, in this order. */
const history: [string, FavouriteEvent | ReactionEvent | StatusDeleted][] = [
  [favouriteStream('a', '100'), fav('1', 'a', '100')],
  [favouriteStream('b', '100'), fav('2', 'b', '100')],
  [favouriteStream('a', '100'), fav('1', 'a', '100', true)],
  [favouriteStream('a', '100'), fav('3', 'a', '100')],
  [favouriteStream('c', '100'), fav('4', 'c', '100')],
  [favouriteStream('c', '100'), fav('4', 'c', '100', true)],
  [reactionStream('a', '100'), reaction('11', 'a', '100', '👍')],
  [reactionStream('b', '100'), reaction('12', 'b', '100', '❤️')],
  [reactionStream('c', '100'), reaction('13', 'c', '100', '👍')],
  [reactionStream('a', '100'), reaction('11', 'a', '100', '👍', null, true)],
  [reactionStream('b', '100'), reaction('14', 'b', '100', 'blobfox', local)],
  [reactionStream('c', '100'), reaction('15', 'c', '100', 'blobfox', remote)],
  [reactionStream('a', '100'), reaction('16', 'a', '100', '👍')],
  [favouriteStream('a', '200'), fav('5', 'a', '200')],
  [reactionStream('a', '200'), reaction('17', 'a', '200', '👍')],
  ['status-200', deleted('200')],
  // Raced with the deletion: appended after it, must not bring the status back.
  [favouriteStream('b', '200'), fav('6', 'b', '200')],
  [reactionStream('b', '200'), reaction('18', 'b', '200', '🎉')],
];

describe('favourites and reactions projectors', () => {
  let database: TestDatabase;
  let store: EventStore;
  let recorded: RecordedEvent[];
  const projectors: Projector[] = [favouritesProjector, reactionsProjector(config)];

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createPostgresEventStore(database.db);
    const time = new Date().toISOString();
    const last = await appendHistory(store, 'interactions-test', history, { time: () => time, actor: 'a' });
    // Readers see an append once every older transaction on the server has ended: wait for the last one.
    recorded = await recordedUpTo(store, last);
    for (const projector of projectors) await projector.createTables(database.db, liveTables);
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  const applyAll = () => applyEvents(database.db, projectors, recorded);
  const tables = ['favourites', 'favourites_deleted_statuses', 'reaction_entries', 'reaction_accounts'];
  const snapshot = async () => snapshotTables(database.db, tables, 1);

  it('projects favourites: counts, favourited, who favourited, most recent first', async () => {
    await applyAll();
    expect(await favouriteCounts(database.db, ['100', '200', '300'], 'a')).toEqual(
      new Map([['100', { favouritesCount: 2, favourited: true }]]),
    );
    expect((await favouriteCounts(database.db, ['100'], 'c')).get('100')?.favourited).toBe(false);
    expect((await favouriteCounts(database.db, ['100'], null)).get('100')?.favourited).toBe(false);
    expect(await favouritingAccountIds(database.db, '100', null)).toEqual(['a', 'b']);
  });

  it('projects reactions in first-reaction order, reactors most recent first, names by host', async () => {
    const entries = (await reactionEntries(database.db, ['100', '200'])).get('100');
    expect(entries?.map(({ name, url, accountIds }) => ({ name, url, accountIds }))).toEqual([
      { name: '👍', url: null, accountIds: ['a', 'c'] },
      { name: '❤️', url: null, accountIds: ['b'] },
      { name: 'blobfox', url: local, accountIds: ['b'] },
      { name: 'blobfox@remote.example', url: remote, accountIds: ['c'] },
    ]);
    expect(await findCustomReactionUrl(database.db, '100', 'blobfox', 'remote.example')).toBe(remote);
    expect(await findCustomReactionUrl(database.db, '100', 'blobfox', 'annals.example')).toBe(local);
    expect(await findCustomReactionUrl(database.db, '100', 'blobfox', 'other.example')).toBeNull();
    expect(await findCustomReactionUrl(database.db, 'x', 'blobfox', 'remote.example')).toBeNull();
  });

  it('keeps nothing of a deleted status, even what was appended after its deletion', async () => {
    expect((await reactionEntries(database.db, ['200'])).size).toBe(0);
    expect((await favouriteCounts(database.db, ['200'], 'a')).size).toBe(0);
  });

  it('leaves the same rows when the history is replayed, twice', async () => {
    await expectSameRowsOnReplay(snapshot, applyAll);
  });
});
