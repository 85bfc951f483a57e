import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventId } from '../../src/domain/shared/ids.js';
import type { EventStore } from '../../src/eventstore/eventStore.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import { createProjectionEngine, type ProjectionEngine } from '../../src/projections/engine.js';
import {
  NOTIFICATIONS_PROJECTOR,
  notificationsProjector,
} from '../../src/projections/notifications/projector.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { statusPostedData, testMetadata } from '../helpers/events.js';
import { capturingLogger } from './projections.fixture.js';

const time = '2025-03-01T10:00:00.000Z';
const reaction = { reactionId: '41', accountId: 'b', statusId: '1', emoji: '👍', url: null };
const posted = { ...statusPostedData({ statusId: '1', accountId: 'a', postedAt: time }) };

describe('notifications of favourites and reactions on the live path', () => {
  let database: TestDatabase;
  let store: EventStore;
  let engine: ProjectionEngine;
  let appended = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createPostgresEventStore(database.db);
    engine = createProjectionEngine({
      db: database.db,
      eventStore: store,
      projectors: [notificationsProjector],
      logger: capturingLogger().logger,
    });
    await engine.start();
  });
  afterAll(async () => {
    await engine.stop();
    await store.close();
    await database.drop();
  });

  /** Appends one event on a stream of its own and waits for the projector; answers the statements it took. */
  async function project(type: string, data: Record<string, unknown>): Promise<string[]> {
    const statements: string[] = [];
    const onQuery = (query: { sql: string; options?: Record<string, unknown> }) => statements.push(query.sql);
    database.db.on('query', onQuery);
    try {
      const i = appended++;
      const event = { id: eventId('live', i), type, data, metadata: testMetadata(time) };
      const { position } = await store.appendToStream(`s-${i}`, [event], { kind: 'any' });
      // Another test file's transaction on the same server can hold the event back from readers a while.
      await engine.waitFor([NOTIFICATIONS_PROJECTOR], position, 20_000);
    } finally {
      database.db.off('query', onQuery);
    }
    return statements;
  }

  const notifications = () =>
    database.db('notifications').select('account_id', 'type', 'actor_id', 'emoji').orderBy('id');

  it('reads the facts, then writes the notification with the checkpoint in one statement', async () => {
    await project('StatusPosted', posted);
    const statements = await project('ReactionAdded', reaction);
    expect(statements.filter((sql) => /^BEGIN/i.test(sql))).toEqual([]);
    // The facts read (knex's query event), then the write (with lock, checkpoint and progress).
    expect(statements).toHaveLength(2);
    expect(statements[1]).toMatch(/^with lock as/);
    expect(await notifications()).toEqual([
      { account_id: 'a', type: 'pleroma:emoji_reaction', actor_id: 'b', emoji: '👍' },
    ]);
  });

  it('removes it again in one statement, reading nothing', async () => {
    const statements = await project('ReactionRemoved', reaction);
    expect(statements).toHaveLength(1);
    expect(await notifications()).toEqual([]);
  });

  it('takes a transaction for a notification that arrives seen (a mute that keeps notifications)', async () => {
    await project('Muted', { muterId: 'a', mutedId: 'c', notifications: false, expiresAt: null });
    const statements = await project('StatusFavourited', {
      favouriteId: '51',
      accountId: 'c',
      statusId: '1',
    });
    expect(statements.filter((sql) => /^BEGIN/i.test(sql))).toHaveLength(1);
    expect(await database.db('notifications').select('type', 'seen')).toEqual([
      { type: 'favourite', seen: true },
    ]);
  });
});
