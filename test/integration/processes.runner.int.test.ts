import { describe, expect, it } from 'vitest';
import type { EventStore, RecordedEvent } from '../../src/eventstore/eventStore.js';
import { type Process, processCheckpointName } from '../../src/processes/process.js';
import { createProcessEngine } from '../../src/processes/runner.js';
import { readCheckpoint } from '../../src/projections/checkpoints.js';
import type { TestDatabase } from '../helpers/database.js';
import { freshStoreEachTest } from '../helpers/projectors.js';
import { append, capturingLogger, someEvents, type TestEvent } from './projections.fixture.js';

let database: TestDatabase;
let store: EventStore;
const cleanups: (() => Promise<unknown>)[] = [];

freshStoreEachTest(cleanups, (fresh, freshStore) => {
  database = fresh;
  store = freshStore;
});

const NAME = processCheckpointName('recorder');

/** A process that records the ItemNamed events it reacts to; `fail` may throw to make it retry. */
function recorder(fail: (event: RecordedEvent) => boolean = () => false) {
  const reacted: string[] = [];
  const process: Process = {
    name: 'recorder',
    version: 1,
    handles: ['ItemNamed'],
    react: async (event) => {
      if (fail(event)) throw new Error('mail server down');
      reacted.push((event.data as { name: string }).name);
    },
  };
  return { process, reacted };
}

function start(process: Process, eventStore: EventStore = store) {
  const { logger, lines } = capturingLogger();
  const engine = createProcessEngine({
    db: database.db,
    eventStore,
    logger,
    processes: [process],
    waitTimeoutMs: 20_000,
  });
  cleanups.push(() => engine.stop());
  return { engine, lines };
}

async function appendEach(events: readonly TestEvent[]): Promise<bigint> {
  let position = 0n;
  for (const event of events) position = await append(store, event);
  return position;
}

const names = (events: readonly TestEvent[]) =>
  events.flatMap((event) => (event.type === 'ItemNamed' ? [event.name] : []));

describe('the process runner', () => {
  it('reacts once to each live event it handles, in order, with the events the subscription hands it', async () => {
    let reads = 0;
    const counted: EventStore = {
      ...store,
      readAll: (options) => {
        reads += 1;
        return store.readAll(options);
      },
      headPosition: () => {
        reads += 1;
        return store.headPosition();
      },
    };
    const { process, reacted } = recorder();
    const { engine } = start(process, counted);
    await engine.start();
    await engine.waitFor([NAME], await append(store, { type: 'ItemNamed', id: 'w', name: 'warm' }));
    reads = 0;

    const events = someEvents(15);
    for (const event of events) await engine.waitFor([NAME], await append(store, event));

    expect(reads).toBe(0);
    expect(reacted).toEqual(['warm', ...names(events)]);
  });

  it('retries a failing reaction with backoff before reacting to any later event', async () => {
    let failures = 0;
    const { process, reacted } = recorder((event) => {
      const flaky = (event.data as { name?: string }).name === 'flaky';
      return flaky && failures++ < 2;
    });
    const { engine, lines } = start(process);
    await engine.start();
    await engine.waitFor([NAME], await append(store, { type: 'ItemNamed', id: 'w', name: 'warm' }));

    await append(store, { type: 'ItemNamed', id: 'x', name: 'flaky' });
    const after = someEvents(6, 'b');
    await engine.waitFor([NAME], await appendEach(after));

    expect(reacted).toEqual(['warm', 'flaky', ...names(after)]);
    expect(lines().filter((line) => line.msg === 'process failed, retrying')).toHaveLength(2);
  });

  it('stores its checkpoint past the events it does not handle when stopped', async () => {
    const { process } = recorder();
    const { engine } = start(process);
    await engine.start();
    await append(store, { type: 'ItemNamed', id: 'w', name: 'warm' });
    const last = await append(store, { type: 'Unrelated' });
    await engine.waitFor([NAME], last);
    await engine.stop();
    expect((await readCheckpoint(database.db, NAME))?.position).toBeGreaterThanOrEqual(last);
  });
});
