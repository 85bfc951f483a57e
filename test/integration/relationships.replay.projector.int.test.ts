import type { Knex } from 'knex';
import { describe, expect, it } from 'vitest';
import { relationshipStream } from '../../src/domain/relationship/index.js';
import { idAtTime } from '../../src/domain/shared/ids.js';
import type { RecordedEvent } from '../../src/eventstore/eventStore.js';
import { liveTables, type ProjectionTables } from '../../src/projections/projector.js';
import { relationshipsProjector } from '../../src/projections/relationships/projector.js';
import { followCounts } from '../../src/projections/relationships/queries.js';
import { statusPostedData, testMetadata } from '../helpers/events.js';
import {
  applyEvents,
  expectBatchesLikeOneByOne,
  expectSameRowsOnReplay,
  snapshotTables,
} from '../helpers/projectors.js';
import { type Event, e, f, follow, relationshipsHistory } from '../helpers/relationshipsProjector.js';

/**
 * Expects follow_counts (none without a row) to hold what counting `follows` gives, for every account in
 * either table.
 */
async function expectCountsAsFollows(db: Knex, tables: ProjectionTables = liveTables) {
  const [follows, counts] = [tables.table('follows'), tables.table('follow_counts')];
  const { rows } = await db.raw(
    `select x.id,
       json_build_array(coalesce(c.followers, 0), coalesce(c.following, 0), coalesce(c.follow_requests, 0)) as kept,
       json_build_array(
         (select count(*) from ?? f where f.followed_id = x.id and not f.pending),
         (select count(*) from ?? f where f.follower_id = x.id and not f.pending),
         (select count(*) from ?? f where f.followed_id = x.id and f.pending)) as counted
     from (select follower_id as id from ?? union select followed_id from ?? union select account_id from ??) x
     left join ?? c on c.account_id = x.id`,
    [follows, follows, follows, follows, follows, counts, counts],
  );
  for (const row of rows as { id: string; kept: number[]; counted: number[] }[]) {
    expect({ id: row.id, counts: row.kept }).toEqual({ id: row.id, counts: row.counted });
  }
}

// The history is in helpers/relationshipsProjector.ts, applied before the tests start.
describe('relationships projector', () => {
  const history = relationshipsHistory({ applied: true });
  const snapshot = () => snapshotTables(history.db, relationshipsProjector.tables, [1, 2]);

  it('keeps the follow counts equal to counting the follows after every event, and forgets a deleted account', async () => {
    const tables: ProjectionTables = { table: (name) => `each_${name}` };
    await relationshipsProjector.createTables(history.db, tables);
    for (const event of history.recorded) {
      await applyEvents(history.db, [relationshipsProjector], [event], tables);
      await expectCountsAsFollows(history.db, tables);
    }
    const deleted = await history.db(tables.table('follow_counts')).where({ account_id: e });
    expect(deleted).toEqual([]);
    expect((await followCounts(history.db, [f])).get(f)).toEqual({
      followers: 0,
      following: 0,
      followRequests: 0,
    });
  });

  it('leaves the same rows when the history is replayed, twice', async () => {
    await expectSameRowsOnReplay(snapshot, history.applyAll);
    await expectCountsAsFollows(history.db);
  });

  it('leaves the same rows applying batches at once as applying their events one by one', async () => {
    const end = history.recorded.at(-1)!.position;
    const time = new Date().toISOString();
    const at = (i: number, stream: string, event: Event): RecordedEvent => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      type: event.type,
      data: event.data as Record<string, unknown>,
      metadata: testMetadata(time),
      stream,
      revision: 0,
      position: end + BigInt(i + 1),
    });
    // A move's run (follow the target, unfollow the origin) with a pair followed, unfollowed and requested
    // again, an unfollow of a pair without a row, and an authorization breaking the run.
    const [x, y] = ['10', '11'];
    const moveLike: Event[] = [
      ...['20', '21', '22'].flatMap((f) => [
        follow('Followed', f, x, { showingReblogs: true }),
        follow('Unfollowed', f, y),
      ]),
      follow('Followed', '23', x, { showingReblogs: false }),
      follow('Unfollowed', '23', x),
      follow('FollowRequested', '23', x, { showingReblogs: true }),
      follow('Unfollowed', '24', y),
      follow('FollowRequestAuthorized', '23', x),
      follow('Followed', '25', y, { showingReblogs: true }),
      follow('FollowRequestCancelled', '25', y),
      follow('Followed', '25', y, { showingReblogs: true }),
      // A reblog mute outliving its follow.
      follow('Followed', '26', x, { showingReblogs: false }),
      follow('Unfollowed', '26', x),
    ];
    const before = ['20', '21', '22', '25'].map((f, i) =>
      at(i, relationshipStream(f, y), follow('Followed', f, y, { showingReblogs: true })),
    );
    // A status of y in 25's feed, which 25's run below (follow, cancel, follow) must take out: the follow it
    // came with ended, even though a new one began in the same run.
    const statusId = idAtTime(new Date(Date.now() + 60_000));
    const data: Record<string, unknown> = {
      ...statusPostedData({ statusId, accountId: y, postedAt: new Date().toISOString() }),
    };
    before.push({
      ...at(before.length, `status-${statusId}`, follow('Followed', y, y)),
      type: 'StatusPosted',
      data,
    });
    const events = [
      ...history.recorded,
      ...before,
      ...moveLike.map((event, i) => at(before.length + i, `pair-${i}`, event)),
    ];
    for (const batchSize of [500, 5]) {
      await expectBatchesLikeOneByOne(history.db, relationshipsProjector, events, {
        orderBy: [1, 2],
        batchSize,
        prefix: `b${batchSize}`,
      });
      await expectCountsAsFollows(history.db, { table: (name) => `b${batchSize}_batch_${name}` });
    }
  });
});
