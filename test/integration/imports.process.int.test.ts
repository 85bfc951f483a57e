import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestImport } from '../../src/commands/relationships/index.js';
import { importStream } from '../../src/domain/import/index.js';
import type { EventStore } from '../../src/eventstore/eventStore.js';
import { IMPORTS, importsProcess } from '../../src/processes/imports.js';
import { processCheckpointName } from '../../src/processes/process.js';
import { createProcessEngine, type ProcessEngine } from '../../src/processes/runner.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testContext } from '../helpers/context.js';
import { instrumentedStore } from '../helpers/crashingStore.js';
import { lastPosition, seedAccounts, storedEvents } from '../helpers/relationships.js';

const TARGETS = 250;
/** The relationship append at which the first run "crashes": in the middle of the second chunk of 100. */
const CRASH_AT = 150;

let t: TestApp;
let importerId: string;
let targetIds: string[];

/** True on the n-th append to a relationship stream. */
function relationshipAppendNumber(n: number) {
  let appends = 0;
  return (stream: string) => stream.startsWith('relationship-') && ++appends === n;
}

function engineWith(store: EventStore): ProcessEngine {
  const deps = { ...t.deps, eventStore: store };
  return createProcessEngine({
    db: t.deps.db,
    eventStore: t.deps.eventStore,
    logger: t.deps.logger,
    processes: [importsProcess(deps)],
  });
}

beforeAll(async () => {
  // No processes of its own: the test runs the imports process by hand, crash included.
  t = await createTestApp({ processes: () => [] });
  [importerId] = await seedAccounts(t, ['importer']);
  targetIds = await seedAccounts(
    t,
    Array.from({ length: TARGETS }, (_, i) => `target${i}`),
  );
});
afterAll(() => t.close());

describe('the imports process', () => {
  it('resumes a crashed import at the chunk it stopped in and follows everyone exactly once', async () => {
    const list = [...Array.from({ length: TARGETS }, (_, i) => `target${i}`), 'nobody'].join('\n');
    const importId = await requestImport(t.deps, importerId!, 'follow', list, testContext(importerId));

    let crashed!: () => void;
    const crash = new Promise<void>((resolve) => {
      crashed = resolve;
    });
    const first = engineWith(
      instrumentedStore(t.deps.eventStore, { crashOn: relationshipAppendNumber(CRASH_AT), onCrash: crashed })
        .store,
    );
    await first.start();
    await crash;
    await first.stop();
    const stopped = (await t.deps.eventStore.readStream(importStream(importId))).map((e) => e.type);
    expect(stopped).toEqual(['ImportRequested', 'ImportProgressed']);

    const { store, read } = instrumentedStore(t.deps.eventStore);
    const second = engineWith(store);
    await second.start();
    try {
      await second.waitFor([processCheckpointName(IMPORTS)], await lastPosition(t));
    } finally {
      await second.stop();
    }

    const followed = await storedEvents(t, ['Followed']);
    const pairs = followed.map((event) => `${event.data.followerId}>${event.data.followedId}`);
    expect(pairs).toHaveLength(TARGETS);
    expect(new Set(pairs).size).toBe(TARGETS);
    expect(new Set(followed.map((event) => event.data.followedId))).toEqual(new Set(targetIds));
    // The first chunk was recorded done before the crash: the restart did not touch its pairs again.
    const firstChunkRead = targetIds.slice(0, 100).filter((id) => [...read].some((s) => s.includes(id)));
    expect(firstChunkRead).toEqual([]);
    const history = await t.deps.eventStore.readStream(importStream(importId));
    expect(history.at(-1)).toMatchObject({
      type: 'ImportCompleted',
      data: { importId, accountId: importerId, kind: 'follow', imported: TARGETS, skipped: 1 },
    });
  });
});
