import { describe, expect, it } from 'vitest';
import type { EventStore } from '../../src/eventstore/eventStore.js';
import { createProjectionEngine } from '../../src/projections/engine.js';
import type { Projector } from '../../src/projections/projector.js';
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
} from './projections.fixture.js';

let database: TestDatabase;
let store: EventStore;
const cleanups: (() => Promise<unknown>)[] = [];

freshStoreEachTest(cleanups, (fresh, freshStore) => {
  database = fresh;
  store = freshStore;
});

/** The store, counting the reads a runner makes of it (the subscription reads through its own path). */
function countingStore() {
  const reads = { readAll: 0, headPosition: 0 };
  const counted: EventStore = {
    ...store,
    readAll: (options) => {
      reads.readAll += 1;
      return store.readAll(options);
    },
    headPosition: () => {
      reads.headPosition += 1;
      return store.headPosition();
    },
  };
  return { counted, reads };
}

function engine(projector: Projector, options: { eventStore?: EventStore; batchSize?: number } = {}) {
  const { logger, lines } = capturingLogger();
  const created = createProjectionEngine({
    db: database.db,
    eventStore: options.eventStore ?? store,
    projectors: [projector],
    logger,
    waitTimeoutMs: 20_000,
    batchSize: options.batchSize,
  });
  cleanups.push(() => created.stop());
  return { projections: created, lines };
}

async function appendEach(events: readonly TestEvent[]): Promise<bigint> {
  let position = 0n;
  for (const event of events) position = await append(store, event);
  return position;
}

describe('a projection runner keeping up with the log', () => {
  it('applies the events the subscription hands it without reading the store', async () => {
    const { counted, reads } = countingStore();
    const { projections } = engine(testProjector(), { eventStore: counted });
    await projections.start();
    // Until the first event the runner has not heard from the subscription: it may read once.
    const first = await append(store, { type: 'ItemNamed', id: 'a0', name: 'first' });
    await projections.waitFor(['test_items'], first);
    reads.readAll = reads.headPosition = 0;

    const events = someEvents(10);
    for (const event of events) await projections.waitFor(['test_items'], await append(store, event));

    expect(reads).toEqual({ readAll: 0, headPosition: 0 });
    expect(await readItems(database.db)).toEqual(
      expectedItems([{ type: 'ItemNamed', id: 'a0', name: 'first' }, ...events]),
    );
    const applies = await database.db('test_applies').count({ count: '*' }).first();
    expect(Number(applies?.count)).toBe(1 + events.filter((event) => event.type !== 'Unrelated').length);
  });

  it('retries a failing live event with backoff, then applies it and the events after it once, in order', async () => {
    let failures = 0;
    let failing = false;
    const projector = testProjector({
      beforeApply: () => {
        if (failing && failures < 2) {
          failures += 1;
          throw new Error('database hiccup');
        }
      },
    });
    const { projections, lines } = engine(projector);
    await projections.start();
    await projections.waitFor(['test_items'], await append(store, { type: 'ItemHit', id: 'warm' }));

    failing = true;
    const flaky = await append(store, { type: 'ItemNamed', id: 'x', name: 'flaky' });
    const after = someEvents(6, 'b');
    const last = await appendEach(after);
    await projections.waitFor(['test_items'], last);

    expect(await readItems(database.db)).toEqual(
      expectedItems([
        { type: 'ItemHit', id: 'warm' },
        { type: 'ItemNamed', id: 'x', name: 'flaky' },
        ...after,
      ]),
    );
    const applied = await database.db('test_applies').orderBy('position').select('position');
    expect(applied).toHaveLength(2 + after.filter((event) => event.type !== 'Unrelated').length);
    const errors = lines().filter((line) => line.msg === 'projection failed, retrying');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ eventType: 'ItemNamed', position: flaky.toString() });
  });

  it('falls back to reading batches when more events queue up than a batch holds', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let paused = false;
    const projector = testProjector({
      beforeApply: async () => {
        if (paused) await gate;
      },
    });
    const { projections } = engine(projector, { batchSize: 2 });
    await projections.start();
    await projections.waitFor(['test_items'], await append(store, { type: 'ItemHit', id: 'warm' }));

    paused = true;
    const events = someEvents(12, 'c');
    const last = await appendEach(events);
    release();
    await projections.waitFor(['test_items'], last);

    expect(await readItems(database.db)).toEqual(expectedItems([{ type: 'ItemHit', id: 'warm' }, ...events]));
    const applies = await database.db('test_applies').select('event_id');
    expect(new Set(applies.map((row) => row.event_id)).size).toBe(applies.length);
    expect(applies).toHaveLength(1 + events.filter((event) => event.type !== 'Unrelated').length);
  });
});
