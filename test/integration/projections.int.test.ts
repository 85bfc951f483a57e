import type { Knex } from 'knex';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../src/db/knex.js';
import type { EventStore } from '../../src/eventstore/eventStore.js';
import { advanceCheckpoint } from '../../src/projections/checkpoints.js';
import { createProjectionEngine, type ProjectionEngine } from '../../src/projections/engine.js';
import type { Projector } from '../../src/projections/projector.js';
import { ProjectionTimeoutError } from '../../src/projections/waiter.js';
import type { TestDatabase } from '../helpers/database.js';
import { freshStoreEachTest } from '../helpers/projectors.js';
import {
  append,
  capturingLogger,
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

function engine(projector: Projector = testProjector(), options: { db?: Knex; batchSize?: number } = {}) {
  const created = createProjectionEngine({
    db: options.db ?? database.db,
    eventStore: store,
    projectors: [projector],
    logger: pino({ level: 'silent' }),
    waitTimeoutMs: 10_000,
    batchSize: options.batchSize,
  });
  cleanups.push(() => created.stop());
  return created;
}

async function appendAll(events: readonly TestEvent[]): Promise<bigint> {
  let position = 0n;
  for (const event of events) position = await append(store, event);
  if (position > latest) latest = position;
  return position;
}

async function caughtUp(projections: ProjectionEngine): Promise<bigint> {
  await projections.waitFor(['test_items'], latest);
  return latest;
}

describe('projection runner', () => {
  it('catches up on existing events in batches of at most the batch size', async () => {
    const events = someEvents(40);
    await appendAll(events);
    const batches = new Map<unknown, number>();
    const base = testProjector();
    const projector: Projector = {
      ...base,
      apply: (trx, event, tables) => {
        batches.set(trx, (batches.get(trx) ?? 0) + 1);
        return base.apply(trx, event, tables);
      },
    };
    const projections = engine(projector, { batchSize: 10 });
    await projections.start();
    await caughtUp(projections);

    expect(await readItems(database.db)).toEqual(expectedItems(events));
    expect(batches.size).toBeGreaterThanOrEqual(4);
    expect(Math.max(...batches.values())).toBeLessThanOrEqual(10);
  });

  it('follows new events live and moves its checkpoint past events it does not handle', async () => {
    const projections = engine();
    await projections.start();
    const first = await append(store, { type: 'ItemNamed', id: 'x', name: 'first' });
    await projections.waitFor(['test_items'], first);
    expect(await readItems(database.db)).toEqual([{ id: 'x', name: 'first', hits: 0 }]);

    const unrelated = await append(store, { type: 'Unrelated' });
    await projections.waitFor(['test_items'], unrelated);
    // Past events it ignores, the stored checkpoint follows lazily (at most a second behind, or on stop).
    await projections.stop();
    const [status] = await projections.status();
    expect(status?.position).toBeGreaterThanOrEqual(unrelated);
  });

  it('applies every event once when two runners (two processes) project the same log', async () => {
    const otherPool = createDb(database.url, 4);
    cleanups.push(() => otherPool.destroy());
    const first = engine(testProjector(), { batchSize: 3 });
    const second = engine(testProjector(), { db: otherPool, batchSize: 3 });
    await Promise.all([first.start(), second.start()]);
    const events = someEvents(60);
    await Promise.all([appendAll(events.slice(0, 30)), appendAll(events.slice(30))]);
    await Promise.all([caughtUp(first), caughtUp(second)]);

    const applies = await database.db('test_applies').select('event_id');
    const handled = events.filter((event) => event.type !== 'Unrelated').length;
    expect(applies).toHaveLength(handled);
    expect(new Set(applies.map((row) => row.event_id)).size).toBe(handled);
  });

  it('refuses to move a checkpoint that another runner already moved (compare-and-set)', async () => {
    const projections = engine();
    await projections.start();
    const position = await append(store, { type: 'ItemHit', id: 'x' });
    await projections.waitFor(['test_items'], position);
    const moved = await database.db.transaction((trx) => advanceCheckpoint(trx, 'test_items', 1, 0n, 5n));
    expect(moved).toBe(false);
  });

  it('leaves identical rows when the whole log is replayed over them', async () => {
    const events = someEvents(30);
    await appendAll(events);
    const once = engine();
    await once.start();
    await caughtUp(once);
    await once.stop();
    const before = await readItems(database.db);

    await database.db('projection_checkpoints').update({ position: '0' });
    const again = engine();
    await again.start();
    await caughtUp(again);
    expect(await readItems(database.db)).toEqual(before);
    expect(before).toEqual(expectedItems(events));
  });

  it('logs a failing event with its id and type and retries it until it succeeds', async () => {
    const position = await append(store, { type: 'ItemNamed', id: 'x', name: 'flaky' });
    await untilVisible(store, position);
    const [failing] = await store.readAll({ after: 0n });
    let failures = 0;
    const projector = testProjector({
      beforeApply: (eventId) => {
        if (eventId === failing?.id && failures++ < 2) throw new Error('database hiccup');
      },
    });
    const { logger, lines } = capturingLogger();
    const projections = createProjectionEngine({
      db: database.db,
      eventStore: store,
      projectors: [projector],
      logger,
    });
    cleanups.push(() => projections.stop());
    await projections.start();
    await projections.waitFor(['test_items'], position, 10_000);

    expect(await readItems(database.db)).toEqual([{ id: 'x', name: 'flaky', hits: 0 }]);
    const errors = lines().filter((line) => line.msg === 'projection failed, retrying');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({
      eventId: failing?.id,
      eventType: 'ItemNamed',
      projection: 'test_items',
    });
  });
});

describe('waitFor', () => {
  it('resolves once the named projections include the position, and at once for null', async () => {
    const projections = engine();
    await projections.start();
    await projections.waitFor(['test_items'], null);
    const position = await append(store, { type: 'ItemNamed', id: 'y', name: 'after-wait' });
    await projections.waitFor(['test_items'], position);
    expect(await readItems(database.db)).toEqual([{ id: 'y', name: 'after-wait', hits: 0 }]);
  });

  it('rejects with ProjectionTimeoutError past the bound', async () => {
    const projections = engine();
    await projections.start();
    const beyond = (await caughtUp(projections)) + (1n << 40n);
    const waiting = projections.waitFor(['test_items'], beyond, 50);
    await expect(waiting).rejects.toBeInstanceOf(ProjectionTimeoutError);
    await expect(waiting).rejects.toMatchObject({ projectorNames: ['test_items'], position: beyond });
  });

  it('rejects names it does not know', async () => {
    await expect(engine().waitFor(['nope'], 1n)).rejects.toThrow('Unknown projection nope');
  });
});
