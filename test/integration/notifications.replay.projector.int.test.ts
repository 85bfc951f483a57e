import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../src/eventstore/eventStore.js';
import { resetCheckpoint } from '../../src/projections/checkpoints.js';
import { notificationsProjector } from '../../src/projections/notifications/projector.js';
import { applyInOneStatement, writesEachAlone } from '../../src/projections/oneStatement.js';
import type { ProjectionTables } from '../../src/projections/projector.js';
import { notificationsHistory, timeOf } from '../helpers/notificationsProjector.js';
import {
  applyEvents,
  expectBatchesLikeOneByOne,
  expectSameRowsOnReplay,
  snapshotTables,
  tableRows,
} from '../helpers/projectors.js';

// The numbers in the comments are places in the history (helpers/notificationsProjector.ts), applied before
// the tests start.
describe('notifications projector', () => {
  const history = notificationsHistory({ applied: true });

  it('leaves the same rows when the history is replayed, twice', async () => {
    const snapshot = () => snapshotTables(history.db, notificationsProjector.tables, [1, 2]);
    await expectSameRowsOnReplay(snapshot, history.applyAll);
  });

  it('rebuilds the same notifications, ids included, from the log into fresh tables', async () => {
    const copy: ProjectionTables = { table: (name) => `${name}__copy` };
    await notificationsProjector.createTables(history.db, copy);
    await applyEvents(history.db, [notificationsProjector], history.recorded, copy);
    for (const table of notificationsProjector.tables) {
      const rows = (name: string) => tableRows(history.db, name, [1, 2]);
      expect(await rows(copy.table(table))).toEqual(await rows(table));
    }
  });

  it('writes favourites, reactions, their undoing and deleted statuses in one statement as apply does', async () => {
    const snapshot = () => snapshotTables(history.db, notificationsProjector.tables, [1, 2]);
    const applied = await snapshot();
    const { name, version } = notificationsProjector;
    const alone = (event: RecordedEvent) => writesEachAlone(notificationsProjector, [event]);
    expect(history.recorded.filter(alone).map((event) => event.type)).toEqual([
      'StatusFavourited',
      'ReactionAdded',
      'StatusFavourited',
      'ReactionAdded',
      'FavouriteRemoved',
      'ReactionRemoved',
      'StatusDeleted',
    ]);
    /**
     * Each of those in a statement of its own (the checkpoint following it) unless the projector asks for a
     * transaction, anything else in a transaction; answers the one-statement outcomes.
     */
    const applyMixed = async () => {
      await resetCheckpoint(history.db, name, version);
      const outcomes: string[] = [];
      let from = 0n;
      for (const event of history.recorded) {
        if (alone(event)) {
          const checkpoint = { name, version, from, to: event.position };
          const outcome = await applyInOneStatement(history.db, notificationsProjector, checkpoint, event);
          outcomes.push(outcome);
          if (outcome === 'applied') {
            from = event.position;
            continue;
          }
        }
        await applyEvents(history.db, [notificationsProjector], [event]);
      }
      return outcomes;
    };
    for (const table of notificationsProjector.tables) await history.db(table).delete();
    await history.db('notification_progress').insert({ id: 1, position: 0 });
    // c's reaction (9) arrives seen, moving a's marker: that one takes a transaction.
    expect(await applyMixed()).toEqual([
      'applied',
      'applied',
      'applied',
      'in-transaction',
      'applied',
      'applied',
      'applied',
    ]);
    expect(await snapshot()).toEqual(applied);
    // A replay over them (the progress is past every event) writes nothing: the undone stays undone.
    expect(await applyMixed()).toEqual(Array(7).fill('applied'));
    expect(await snapshot()).toEqual(applied);
  });

  it('leaves the same rows applying batches at once as applying their events one by one', async () => {
    const end = history.recorded.at(-1)!.position;
    const at = (i: number, type: string, data: Record<string, unknown>): RecordedEvent => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      type,
      data,
      metadata: {
        actor: null,
        correlationId: 'c',
        causationId: null,
        time: timeOf(100 + i).toISOString(),
        schemaVersion: 1,
      },
      stream: `pair-${i}`,
      revision: 0,
      position: end + BigInt(i + 1),
    });
    const follow = (followerId: string, followedId: string) => ({
      followerId,
      followedId,
      showingReblogs: true,
    });
    const unfollow = (followerId: string, followedId: string) => ({ followerId, followedId });
    const listed = (moveId: string, originId: string, followerIds: string[]) => ({
      moveId,
      originId,
      targetId: 'x7',
      chunk: 0,
      followerIds,
      last: true,
    });
    // b refuses strangers: x1 gets through once b follows x1 (earlier in the same run), x2 does not. a muted c
    // keeping notifications: c's follow arrives seen, and following again adds none. a blocked d: nothing.
    const run: [string, Record<string, unknown>][] = [
      ['Followed', follow('x1', 'o')],
      ['Followed', follow('x2', 'o')],
      ['Followed', follow('b', 'x1')],
      ['Followed', follow('x1', 'b')],
      // b (refusing strangers) follows x1 by now: x1's move notifies b.
      ['MoveFollowersListed', listed('m5', 'x1', ['b'])],
      ['Unfollowed', unfollow('x1', 'o')],
      ['Followed', follow('x2', 'b')],
      ['Unfollowed', unfollow('x2', 'o')],
      ['Followed', follow('c', 'a')],
      ['Unfollowed', unfollow('c', 'a')],
      ['Followed', follow('c', 'a')],
      ['Followed', follow('d', 'a')],
      ['FollowRequested', follow('x3', 'e')],
      ['Unfollowed', unfollow('x4', 'x5')],
      ['Followed', follow('x6', 'x7')],
      ['Unfollowed', unfollow('x6', 'x7')],
      ['Blocked', { blockerId: 'x7', blockedId: 'x1' }],
      ['Followed', follow('x1', 'x7')],
      ['Unfollowed', unfollow('b', 'x1')],
      ['Followed', follow('x8', 'b')],
      // Moves list followers, several chunks in a row: b refuses the stranger o; a mutes c keeping
      // notifications (seen) and blocked d (nothing); x1 appears in two chunks of one move (notified once).
      ['MoveFollowersListed', listed('m2', 'o', ['x1', 'x2', 'b', 'x3'])],
      ['MoveFollowersListed', listed('m2', 'o', ['x1', 'x9'])],
      ['MoveFollowersListed', listed('m3', 'c', ['a', 'x6'])],
      ['MoveFollowersListed', listed('m4', 'd', ['a', 'x2'])],
      ['Unfollowed', unfollow('x2', 'b')],
    ];
    const events = [...history.recorded, ...run.map(([type, data], i) => at(i, type, data))];
    for (const batchSize of [500, 4]) {
      const [notifications, , , accounts] = await expectBatchesLikeOneByOne(
        history.db,
        notificationsProjector,
        events,
        { orderBy: [1, 2], batchSize, prefix: `b${batchSize}` },
      );
      // c's move reached a already seen (a mutes c, keeping notifications): a's marker was read up to it.
      const seenMove = notifications!.find((n) => n.account_id === 'a' && n.type === 'move');
      expect(seenMove).toMatchObject({ actor_id: 'c', seen: true });
      expect(accounts!.find((row) => row.account_id === 'a').marker_last_read_id).toBe(seenMove.id);
    }
  });
});
