import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationId } from '../../src/domain/notification/rules.js';
import type { RecordedEvent } from '../../src/eventstore/eventStore.js';
import { resetCheckpoint } from '../../src/projections/checkpoints.js';
import { notificationsProjector } from '../../src/projections/notifications/projector.js';
import { applyInOneStatement } from '../../src/projections/oneStatement.js';
import { liveTables } from '../../src/projections/projector.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { statusPostedData } from '../helpers/events.js';
import { applyEvents, expectBatchesLikeOneByOne } from '../helpers/projectors.js';

/**
 * Notification ids (src/projections/notifications/ids.ts) keep a cause's time in milliseconds and 16 bits of
 * its event's id: causes of one millisecond can share one. None of them may be lost, and each must get the same
 * id however the events are applied.
 */

const TIME = new Date('2025-03-01T10:00:00.123Z');
const eventIdOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** Event ids whose notifications at TIME share an id: three on one, and one on the id just after it. */
function collidingEventIds(): { same: string[]; next: string } {
  const byId = new Map<bigint, string[]>();
  for (let i = 0; ; i++) {
    const id = BigInt(notificationId(eventIdOf(i), TIME));
    const ids = [...(byId.get(id) ?? []), eventIdOf(i)];
    byId.set(id, ids);
    const next = byId.get(id + 1n)?.[0];
    if (ids.length >= 3 && next) return { same: ids.slice(0, 3), next };
  }
}

let position = 0n;
const recorded = (id: string, type: string, data: Record<string, unknown>): RecordedEvent => {
  position += 1n;
  const metadata = {
    actor: null,
    correlationId: 'c',
    causationId: null,
    time: TIME.toISOString(),
    schemaVersion: 1,
  };
  return { id, type, data, metadata, stream: `stream-${position}`, revision: 0, position };
};

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

describe('notification ids', () => {
  const { same, next } = collidingEventIds();
  const base = BigInt(notificationId(same[0]!, TIME));
  /** A recipient's notifications in `table`, in id order: each actor and how far its id is from `base`. */
  const placed = async (table: string, accountId: string) => {
    const rows = await database
      .db(table)
      .where({ account_id: accountId })
      .orderBy('id')
      .select('actor_id', 'id');
    return rows.map((row) => [row.actor_id, BigInt(row.id) - base]);
  };

  it('gives each follow of one millisecond its own notification, one by one as in batches (a move chunk)', async () => {
    const follow = (eventId: string, followerId: string) =>
      recorded(eventId, 'Followed', { followerId, followedId: 'target', showingReblogs: true });
    // f4's own id is the one f2 moves to: f4 moves on past f3's.
    const events = [
      follow(same[0]!, 'f1'),
      follow(same[1]!, 'f2'),
      follow(same[2]!, 'f3'),
      follow(next, 'f4'),
    ];
    await expectBatchesLikeOneByOne(database.db, notificationsProjector, events, {
      orderBy: [1, 2],
      batchSize: 10,
      prefix: 'ids',
    });
    expect(await placed('ids_batch_notifications', 'target')).toEqual([
      ['f1', 0n],
      ['f2', 1n],
      ['f3', 2n],
      ['f4', 3n],
    ]);
  });

  it('gives each favourite of one millisecond its own notification, taking a transaction when its id is taken', async () => {
    const { db } = database;
    const { name, version } = notificationsProjector;
    await notificationsProjector.createTables(db, liveTables);
    await resetCheckpoint(db, name, version);
    const status = { statusId: '1', accountId: 'author', postedAt: TIME.toISOString() };
    const posted = recorded(eventIdOf(-1), 'StatusPosted', { ...statusPostedData(status) });
    await applyEvents(db, [notificationsProjector], [posted]);
    let from = 0n; // the checkpoint: applyEvents moves the progress only
    const outcomes: string[] = [];
    for (const [i, accountId] of ['fan1', 'fan2', 'fan3'].entries()) {
      const event = recorded(same[i]!, 'StatusFavourited', {
        favouriteId: `fav-${i}`,
        accountId,
        statusId: '1',
      });
      const outcome = await applyInOneStatement(
        db,
        notificationsProjector,
        { name, version, from, to: event.position },
        event,
      );
      outcomes.push(outcome);
      if (outcome === 'applied') from = event.position;
      else await applyEvents(db, [notificationsProjector], [event]);
    }
    expect(outcomes).toEqual(['applied', 'in-transaction', 'in-transaction']);
    expect(await placed('notifications', 'author')).toEqual([
      ['fan1', 0n],
      ['fan2', 1n],
      ['fan3', 2n],
    ]);
  });
});
