import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newEvents } from '../../src/commands/handleCommand.js';
import { loadConfig } from '../../src/config.js';
import { type ReactionEvent, reactionStream } from '../../src/domain/reaction/index.js';
import type { StatusDeleted } from '../../src/domain/status/events.js';
import type { EventStore, RecordedEvent } from '../../src/eventstore/eventStore.js';
import { WRITES_ALONE, watchTransactionEnds } from '../../src/eventstore/pgNotifier.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import { readCheckpoint, resetCheckpoint } from '../../src/projections/checkpoints.js';
import { createProjectionEngine } from '../../src/projections/engine.js';
import { ensureProjection } from '../../src/projections/ensure.js';
import { tryApplyLock } from '../../src/projections/locks.js';
import { applyInOneStatement } from '../../src/projections/oneStatement.js';
import { REACTIONS_PROJECTOR, reactionsProjector } from '../../src/projections/reactions/projector.js';
import { reactionEntries } from '../../src/projections/reactions/queries.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { appendHistory, applyEvents, recordedUpTo, snapshotTables } from '../helpers/projectors.js';
import { capturingLogger } from './projections.fixture.js';

const config = loadConfig({ PUBLIC_URL: 'https://annals.example' });
const remote = 'https://remote.example/emoji/blobfox.png';
const projector = reactionsProjector(config);
const TABLES = ['reaction_entries', 'reaction_accounts', 'reactions_deleted_statuses'];

const reaction = (
  id: string,
  accountId: string,
  statusId: string,
  emoji: string,
  url: string | null = null,
) => ({
  reactionId: id,
  accountId,
  statusId,
  emoji,
  url,
});
const added = (...args: Parameters<typeof reaction>): ReactionEvent => ({
  type: 'ReactionAdded',
  data: reaction(...args),
});
const removed = (...args: Parameters<typeof reaction>): ReactionEvent => ({
  type: 'ReactionRemoved',
  data: reaction(...args),
});
const deleted = (statusId: string): StatusDeleted => ({
  type: 'StatusDeleted',
  data: { statusId, accountId: 'a' },
});

/** Additions, a removal that ends an entry and one that does not, a deleted status, a reaction after it. */
const history: [string, ReactionEvent | StatusDeleted][] = [
  [reactionStream('a', '100'), added('11', 'a', '100', '👍')],
  [reactionStream('b', '100'), added('12', 'b', '100', '👍')],
  [reactionStream('c', '100'), added('13', 'c', '100', 'blobfox', remote)],
  [reactionStream('a', '100'), removed('11', 'a', '100', '👍')],
  [reactionStream('c', '100'), removed('13', 'c', '100', 'blobfox', remote)],
  [reactionStream('a', '100'), added('14', 'a', '100', '👍')],
  [reactionStream('a', '200'), added('15', 'a', '200', '🎉')],
  ['status-200', deleted('200')],
  [reactionStream('b', '200'), added('16', 'b', '200', '🎉')],
];

let database: TestDatabase;
let store: EventStore;
let recorded: RecordedEvent[];
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  store = createPostgresEventStore(database.db);
  const time = new Date().toISOString();
  recorded = await recordedUpTo(
    store,
    await appendHistory(store, 'one-statement', history, { time: () => time }),
  );
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await store.close();
  await database.drop();
});

const snapshot = () => snapshotTables(database.db, TABLES, 1);

/** Empty tables and the checkpoint at 0, as a projector starting afresh. */
async function fresh() {
  await ensureProjection(database.db, projector);
  for (const table of TABLES) await database.db(table).delete();
  await resetCheckpoint(database.db, REACTIONS_PROJECTOR, projector.version);
}

/** Every event in a statement of its own, the checkpoint following event by event. */
async function applyEachAlone() {
  let from = 0n;
  for (const event of recorded) {
    const checkpoint = { name: projector.name, version: projector.version, from, to: event.position };
    expect(await applyInOneStatement(database.db, projector, checkpoint, event)).toBe('applied');
    from = event.position;
  }
}

describe('reactions written in one statement', () => {
  it('leaves exactly the rows apply leaves, also when the history is replayed over them', async () => {
    await fresh();
    await applyEvents(database.db, [projector], recorded);
    const applied = await snapshot();
    expect((await reactionEntries(database.db, ['100', '200'])).get('100')).toMatchObject([
      { name: '👍', accountIds: ['a', 'b'] },
    ]);

    await fresh();
    await applyEachAlone();
    expect(await snapshot()).toEqual(applied);
    await resetCheckpoint(database.db, REACTIONS_PROJECTOR, projector.version);
    await applyEachAlone();
    expect(await snapshot()).toEqual(applied);
    expect((await readCheckpoint(database.db, REACTIONS_PROJECTOR))?.position).toBe(
      recorded.at(-1)!.position,
    );
  });

  it('writes nothing while another holds the apply lock, nor once the checkpoint moved', async () => {
    await fresh();
    const [event] = recorded as [RecordedEvent];
    const checkpoint = { name: projector.name, version: projector.version, from: 0n, to: event.position };
    await database.db.transaction(async (trx) => {
      expect(await tryApplyLock(trx, REACTIONS_PROJECTOR)).toBe(true);
      expect(await applyInOneStatement(database.db, projector, checkpoint, event)).toBe('lock-busy');
    });
    const elsewhere = { ...checkpoint, from: 1n };
    expect(await applyInOneStatement(database.db, projector, elsewhere, event)).toBe('moved');
    expect(await snapshot()).toEqual([[], [], []]);
    expect((await readCheckpoint(database.db, REACTIONS_PROJECTOR))?.position).toBe(0n);
  });

  it('tells the event store that its write transaction ended, as a COMMIT does', async () => {
    await fresh();
    let ends = 0;
    const unwatch = watchTransactionEnds(database.db, () => ends++);
    try {
      const checkpoint = { name: projector.name, version: projector.version, from: 0n, to: 1n };
      expect(await applyInOneStatement(database.db, projector, checkpoint)).toBe('applied');
      expect(ends).toBe(1);
    } finally {
      unwatch();
    }
  });

  it('applies a live batch event by event, a statement each, without a transaction', async () => {
    await fresh();
    const { logger } = capturingLogger();
    const engine = createProjectionEngine({
      db: database.db,
      eventStore: store,
      projectors: [projector],
      logger,
    });
    cleanups.push(() => engine.stop());
    await engine.start();
    await engine.waitFor([REACTIONS_PROJECTOR], recorded.at(-1)!.position);
    const statements: string[] = [];
    const onQuery = (query: { sql: string; options?: Record<string, unknown> }) => {
      if (query.options?.[WRITES_ALONE] || /^BEGIN/.test(query.sql)) statements.push(query.sql);
    };
    database.db.on('query', onQuery);
    try {
      // One append of three events: the subscription hands the runner all three at once.
      const events = [
        added('21', 'a', '300', '👍'),
        added('22', 'b', '300', '👍'),
        removed('21', 'a', '300', '👍'),
      ];
      const context = {
        commandId: randomUUID(),
        actor: null,
        correlationId: 'c',
        causationId: null,
        time: new Date(),
      };
      const [last] = await store.appendToStreams([
        { stream: reactionStream('a', '300'), expected: { kind: 'any' }, events: newEvents(events, context) },
      ]);
      await engine.waitFor([REACTIONS_PROJECTOR], last!.position);
    } finally {
      database.db.off('query', onQuery);
    }
    expect(statements.filter((sql) => sql.includes('reaction_accounts'))).toHaveLength(3);
    expect(statements.filter((sql) => /^BEGIN/.test(sql))).toEqual([]);
    expect((await reactionEntries(database.db, ['300'])).get('300')).toMatchObject([{ accountIds: ['b'] }]);
  });
});
