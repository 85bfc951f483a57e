import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/knex.js';
import type { EventStore } from '../../src/eventstore/eventStore.js';
import { readCheckpoint } from '../../src/projections/checkpoints.js';
import { createProjectionEngine } from '../../src/projections/engine.js';
import { acquireRebuildLock } from '../../src/projections/locks.js';
import type { Projector } from '../../src/projections/projector.js';
import { RebuildInProgressError, type RebuildProgress } from '../../src/projections/rebuild.js';
import type { TestDatabase } from '../helpers/database.js';
import { freshStoreEachTest } from '../helpers/projectors.js';
import {
  append,
  expectedItems,
  readItems,
  someEvents,
  type TestEvent,
  testProjector,
  untilVisible,
} from './projections.fixture.js';

let database: TestDatabase;
let store: EventStore;
/** The newest position appended: what "caught up" means (the store's head may trail it for a moment). */
let latest = 0n;
const cleanups: (() => Promise<unknown>)[] = [];

freshStoreEachTest(cleanups, (fresh, freshStore) => {
  database = fresh;
  store = freshStore;
  latest = 0n;
});

function engine(projector: Projector = testProjector(), batchSize?: number) {
  const created = createProjectionEngine({
    db: database.db,
    eventStore: store,
    projectors: [projector],
    logger: pino({ level: 'silent' }),
    waitTimeoutMs: 10_000,
    batchSize,
  });
  cleanups.push(() => created.stop());
  return created;
}

async function appendAll(events: readonly TestEvent[], time?: Date): Promise<bigint> {
  let position = 0n;
  for (const event of events) position = await append(store, event, time);
  if (position > latest) latest = position;
  return position;
}

async function relationNames(table: string): Promise<string[]> {
  const { rows } = await database.db.raw(
    `select relname from pg_class where relname like ? and relkind in ('r', 'i', 'S') order by relname`,
    [`${table}%`],
  );
  return rows.map((row: { relname: string }) => row.relname);
}

describe('rebuild', () => {
  it('swaps in fresh tables while the live ones keep serving and following, and ends with identical rows', async () => {
    const events = someEvents(30);
    await appendAll(events);
    // Pause the rebuild before the first event of its second batch (before that transaction writes
    // anything, so it holds no transaction id back from the store's readers).
    let rebuildApplies = 0;
    let paused: () => void = () => undefined;
    const reachedPause = new Promise<void>((resolve) => {
      paused = resolve;
    });
    let resume: () => void = () => undefined;
    const resumed = new Promise<void>((resolve) => {
      resume = resolve;
    });
    const projector = testProjector({
      beforeApply: async (_eventId, itemsTable) => {
        if (itemsTable !== 'test_items__rebuild' || ++rebuildApplies !== 5) return;
        paused();
        await resumed;
      },
    });
    const projections = engine(projector, 4);
    await projections.start();
    await projections.waitFor(['test_items'], latest);
    const progress: RebuildProgress[] = [];
    const rebuilding = projections.rebuild('test_items', (step) => progress.push(step));

    await reachedPause;
    expect(await readItems(database.db)).toEqual(expectedItems(events));
    const tail = someEvents(6, 'b');
    await appendAll(tail);
    await projections.waitFor(['test_items'], latest);
    expect(await readItems(database.db)).toEqual(expectedItems([...events, ...tail]));
    resume();
    await rebuilding;
    await projections.waitFor(['test_items'], latest);

    expect(await readItems(database.db)).toEqual(expectedItems([...events, ...tail]));
    const handled = (list: TestEvent[]) => list.filter((event) => event.type !== 'Unrelated').length;
    expect(progress[0]).toMatchObject({ applied: 0, total: handled(events) });
    expect(progress.at(-1)?.applied).toBe(handled(events) + handled(tail));
    expect(await database.db('test_applies').count({ n: '*' })).toEqual([
      { n: String(handled(events) + handled(tail)) },
    ]);
    expect(await readCheckpoint(database.db, 'test_items')).toMatchObject({
      status: 'live',
      position: latest,
    });
  });

  it('lets another process rebuild while this one keeps projecting, which then follows the new tables', async () => {
    await appendAll(someEvents(9));
    const server = engine();
    await server.start();
    await server.waitFor(['test_items'], latest);
    const otherPool = createDb(database.url, 3);
    cleanups.push(() => otherPool.destroy());
    const cli = createProjectionEngine({
      db: otherPool,
      eventStore: store,
      projectors: [testProjector()],
      logger: pino({ level: 'silent' }),
    });

    await cli.rebuild('all');
    const later: TestEvent = { type: 'ItemHit', id: 'a1' };
    await server.waitFor(['test_items'], await append(store, later));
    expect(await readItems(database.db)).toEqual(expectedItems([...someEvents(9), later]));
    // 8 handled events replayed by the rebuild, then the later one applied once by the server's runner.
    expect(await database.db('test_applies').count({ n: '*' })).toEqual([{ n: '9' }]);
  });

  it('can rebuild again: indexes, constraints and sequences got their live names back', async () => {
    await appendAll(someEvents(10));
    const projections = engine();
    await projections.start();
    const before = await relationNames('test_items');
    await projections.rebuild('all');
    await projections.rebuild('all');
    await projections.waitFor(['test_items'], latest);

    expect(await relationNames('test_items')).toEqual(before);
    expect(before).toEqual(
      expect.arrayContaining(['test_items_id_unique', 'test_items_name_index', 'test_items_row_id_seq']),
    );
    const { rows } = await database.db.raw(
      `select conname from pg_constraint where conrelid = 'test_items'::regclass order by conname`,
    );
    expect(rows.map((row: { conname: string }) => row.conname)).toEqual([
      'test_items_hits_check',
      'test_items_id_unique',
    ]);
    expect(await readItems(database.db)).toEqual(expectedItems(someEvents(10)));
  });

  it('swaps in tables with planner statistics, so the hot reads plan well from the first request', async () => {
    await appendAll(someEvents(10));
    const projections = engine();
    await projections.start();
    await projections.rebuild('all');
    await projections.waitFor(['test_items'], latest);
    // reltuples is -1 until a table is first analyzed (or vacuumed).
    const { rows } = await database.db.raw(
      `select reltuples, (select count(*)::int from test_items) as count
       from pg_class where oid = 'test_items'::regclass`,
    );
    expect(rows[0].count).toBeGreaterThan(0);
    expect(rows[0].reltuples).toBe(rows[0].count);
  });

  it('rebuilds an outdated version on start, then follows the log with the new version', async () => {
    const events = someEvents(12);
    await appendAll(events);
    const v1 = engine();
    await v1.start();
    await v1.waitFor(['test_items'], latest);
    await v1.stop();

    const upper = (name: string) => name.toUpperCase();
    const v2 = engine(testProjector({ version: 2, mapName: upper }));
    await v2.start();
    const later: TestEvent = { type: 'ItemNamed', id: 'z', name: 'late' };
    const position = await append(store, later);
    await v2.waitFor(['test_items'], position);

    expect(await readItems(database.db)).toEqual(expectedItems([...events, later], upper));
    expect(await readCheckpoint(database.db, 'test_items')).toMatchObject({ version: 2, status: 'live' });
  });

  it('answers upgraded() once the outdated projection is rebuilt to its new version, at once when none is', async () => {
    const events = someEvents(12);
    await appendAll(events);
    const v1 = engine();
    await v1.start();
    await v1.upgraded();
    await v1.waitFor(['test_items'], latest);
    await v1.stop();

    const upper = (name: string) => name.toUpperCase();
    const v2 = engine(testProjector({ version: 2, mapName: upper }));
    await v2.start();
    await v2.upgraded();
    // No waitFor: when upgraded() resolves, the live tables are the new version's, with every event in.
    expect(await readItems(database.db)).toEqual(expectedItems(events, upper));
    expect(await readCheckpoint(database.db, 'test_items')).toMatchObject({ version: 2 });
  });

  it('refuses a second rebuild of the same projection while one runs, and status shows it', async () => {
    const projections = engine();
    await projections.start();
    const lock = await acquireRebuildLock(database.db, 'test_items', { wait: false });
    cleanups.push(async () => lock?.release());

    await expect(projections.rebuild('test_items')).rejects.toBeInstanceOf(RebuildInProgressError);
    expect((await projections.status())[0]?.state).toBe('rebuilding');
    await expect(projections.rebuild('nope')).rejects.toThrow('Unknown projection nope');
  });
});

describe('status', () => {
  it('counts the events behind the checkpoint and the lag of the oldest, then zero once caught up', async () => {
    const recorded = new Date(Date.now() - 120_000);
    const events = someEvents(7);
    const head = await appendAll(events, recorded);
    await untilVisible(store, head);
    const projections = engine();

    const [before] = await projections.status();
    expect(before).toMatchObject({ name: 'test_items', version: 1, position: 0n, behind: 7, state: 'new' });
    expect(before?.lagSeconds).toBeGreaterThanOrEqual(120);
    expect(before?.lagSeconds).toBeLessThan(180);

    await projections.start();
    await projections.waitFor(['test_items'], head);
    const [after] = await projections.status();
    expect(after).toMatchObject({ position: head, behind: 0, lagSeconds: 0, state: 'live', lastError: null });
  });
});
