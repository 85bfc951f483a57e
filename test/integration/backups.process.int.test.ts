import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestBackup } from '../../src/commands/backups/request.js';
import { postStatus } from '../../src/commands/statuses/post.js';
import { type BackupRequested, backupsStream } from '../../src/domain/backup/index.js';
import type { RecordedEvent } from '../../src/eventstore/eventStore.js';
import { BACKUPS, backupsProcess } from '../../src/processes/backups.js';
import { processCheckpointName } from '../../src/processes/process.js';
import { createProcessEngine, type ProcessEngine } from '../../src/processes/runner.js';
import { BACKUPS_PROJECTOR } from '../../src/projections/backups/projector.js';
import { listBackups } from '../../src/projections/backups/queries.js';
import { defaultMediaStorage, type MediaStorage } from '../../src/storage/index.js';
import { userWithToken } from '../helpers/accounts.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { readZip } from '../helpers/backups.js';
import { testContext } from '../helpers/context.js';
import { eventCount } from '../helpers/eventLog.js';
import { lastPosition } from '../helpers/relationships.js';

let t: TestApp;

beforeAll(async () => {
  // No processes of its own: the test runs the backups process by hand, crashes included.
  t = await createTestApp({ processes: () => [] });
});
afterAll(() => t.close());

/** A storage whose putStream reads the first chunk of the archive, says so, then never finishes: a crash. */
function stallingStorage(inner: MediaStorage) {
  let release!: (error: Error) => void;
  let midway!: () => void;
  const reached = new Promise<void>((resolve) => {
    midway = resolve;
  });
  const storage: MediaStorage = {
    ...inner,
    putStream: async (_key, body: Readable) => {
      await new Promise<void>((resolve) => body.once('data', () => resolve()));
      body.pause();
      midway();
      return new Promise((_, reject) => {
        release = reject;
      });
    },
  };
  return { storage, reached, release: (error: Error) => release(error) };
}

const failingStorage = (inner: MediaStorage): MediaStorage => ({
  ...inner,
  putStream: async () => {
    throw new Error('disk on fire');
  },
});

function engineWith(storage: MediaStorage): ProcessEngine {
  return createProcessEngine({
    db: t.deps.db,
    eventStore: t.deps.eventStore,
    logger: t.deps.logger,
    processes: [backupsProcess({ ...t.deps, storage })],
  });
}

async function requested(accountId: string) {
  await requestBackup(t.deps, accountId, testContext(accountId));
  const events = await t.deps.eventStore.readStream(backupsStream(accountId));
  return events.at(-1) as RecordedEvent & BackupRequested;
}

const eventTypes = async (accountId: string) =>
  (await t.deps.eventStore.readStream(backupsStream(accountId))).map((event) => event.type);

describe('the backups process', () => {
  it('resumes a backup whose process stopped mid-way and completes it exactly once', async () => {
    const { account } = await userWithToken(t, 'crashy');
    for (let i = 0; i < 3; i++) {
      await postStatus(t.deps, account.id, { status: `status ${i}` }, testContext(account.id));
    }
    const request = await requested(account.id);
    const storage = defaultMediaStorage(t.deps.config);

    // The first run reads part of the archive, then its process "dies": it never finishes the event.
    const stalled = stallingStorage(storage);
    const first = engineWith(stalled.storage);
    await first.start();
    await stalled.reached;
    expect(await eventTypes(account.id)).toEqual(['BackupRequested', 'BackupAttemptStarted']);
    await t.engine.waitFor([BACKUPS_PROJECTOR], await lastPosition(t));
    expect((await listBackups(t.deps.db, account.id))[0]).toMatchObject({ state: 'pending', attempts: 1 });

    // A new process (the restarted server) starts from the checkpoint, still before the request.
    const second = engineWith(storage);
    await second.start();
    const head = await lastPosition(t);
    await second.waitFor([processCheckpointName(BACKUPS)], head);
    stalled.release(new Error('the old process is gone'));
    await first.stop();
    await second.waitFor([processCheckpointName(BACKUPS)], await lastPosition(t));
    await second.stop();

    expect(await eventTypes(account.id)).toEqual([
      'BackupRequested',
      'BackupAttemptStarted',
      'BackupAttemptStarted',
      'BackupCompleted',
    ]);
    const stored = await storage.get(`backups/${request.data.fileName}`);
    expect(stored).toBeDefined();
    const chunks: Buffer[] = [];
    for await (const chunk of stored!.body()) chunks.push(chunk as Buffer);
    const outbox = JSON.parse((await readZip(Buffer.concat(chunks))).get('outbox.json')!);
    expect(outbox.totalItems).toBe(3);

    // Handling the request (and the completion) again appends nothing: done is done.
    const process = backupsProcess({ ...t.deps, storage });
    const before = await eventCount(t);
    for (const event of await t.deps.eventStore.readStream(backupsStream(account.id))) {
      await process.react(event);
    }
    expect(await eventCount(t)).toBe(before);
    expect(await readdir(join(t.deps.config.DATA_DIR, 'uploads', '.tmp'))).toEqual([]);
  });

  it('gives up after three attempts with BackupFailed, never staying pending', async () => {
    const { account } = await userWithToken(t, 'unlucky');
    const request = await requested(account.id);
    const process = backupsProcess({
      ...t.deps,
      storage: failingStorage(defaultMediaStorage(t.deps.config)),
    });
    // What the runner does on an error: handle the same event again (after a back-off).
    await expect(process.react(request)).rejects.toThrow('disk on fire');
    await expect(process.react(request)).rejects.toThrow('disk on fire');
    await process.react(request);
    await process.react(request);
    expect(await eventTypes(account.id)).toEqual([
      'BackupRequested',
      'BackupAttemptStarted',
      'BackupAttemptStarted',
      'BackupAttemptStarted',
      'BackupFailed',
    ]);
    const [failed] = await t.deps.eventStore.readStream(backupsStream(account.id), {
      direction: 'backwards',
      maxCount: 1,
    });
    expect(failed!.data).toMatchObject({ attempts: 3, reason: 'disk on fire' });
  });

  it('fails a backup whose attempts were all cut short by crashes', async () => {
    const { account } = await userWithToken(t, 'crashing');
    const request = await requested(account.id);
    // Three runs that each died mid-way: each recorded its attempt and never finished (nor ever will).
    const crashed: ReturnType<typeof stallingStorage>[] = [];
    const runs: Promise<void>[] = [];
    for (let i = 0; i < 3; i++) {
      const stalled = stallingStorage(defaultMediaStorage(t.deps.config));
      runs.push(backupsProcess({ ...t.deps, storage: stalled.storage }).react(request));
      await stalled.reached;
      crashed.push(stalled);
    }
    const process = backupsProcess({ ...t.deps, storage: defaultMediaStorage(t.deps.config) });
    await process.react(request);
    expect(await eventTypes(account.id)).toEqual([
      'BackupRequested',
      'BackupAttemptStarted',
      'BackupAttemptStarted',
      'BackupAttemptStarted',
      'BackupFailed',
    ]);
    const [failed] = await t.deps.eventStore.readStream(backupsStream(account.id), {
      direction: 'backwards',
      maxCount: 1,
    });
    expect(failed!.data).toMatchObject({ attempts: 3, reason: 'too many attempts' });
    // The crashed runs' storage gives up at last: they stop reading and change nothing more.
    for (const stalled of crashed) stalled.release(new Error('the old process is gone'));
    await Promise.allSettled(runs);
    expect(await eventTypes(account.id)).toHaveLength(5);
    await t.engine.waitFor([BACKUPS_PROJECTOR], failed!.position);
    expect((await listBackups(t.deps.db, account.id))[0]).toMatchObject({ state: 'failed', attempts: 3 });
  });
});
