import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupEvent } from '../../src/domain/backup/index.js';
import type { RecordedEvent } from '../../src/eventstore/eventStore.js';
import { backupsProjector } from '../../src/projections/backups/projector.js';
import { backupsRequestedBefore, listBackups } from '../../src/projections/backups/queries.js';
import { liveTables } from '../../src/projections/projector.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const day = (n: number) => new Date(Date.UTC(2024, 4, 1 + n, 10)).toISOString();
const requested = (backupId: string, n: number): BackupEvent => ({
  type: 'BackupRequested',
  data: { backupId, accountId: 'alice', fileName: `archive-${backupId}.zip`, requestedAt: day(n) },
});
const history: BackupEvent[] = [
  requested('10', 0),
  { type: 'BackupAttemptStarted', data: { backupId: '10', accountId: 'alice', attempt: 1 } },
  {
    type: 'BackupCompleted',
    data: {
      backupId: '10',
      accountId: 'alice',
      key: 'backups/archive-10.zip',
      fileSize: 42,
      completedAt: day(0),
    },
  },
  requested('20', 8),
  { type: 'BackupFailed', data: { backupId: '20', accountId: 'alice', attempts: 3, reason: 'x' } },
  requested('30', 16),
  { type: 'BackupPurged', data: { backupId: '10', accountId: 'alice', reason: 'superseded' } },
];
const recorded = history.map(
  (event, i) => ({ ...event, id: `e${i}`, position: BigInt(i + 1) }) as unknown as RecordedEvent,
);

describe('backups projector and queries', () => {
  let database: TestDatabase;
  const applyAll = () =>
    database.db.transaction(async (trx) => {
      for (const event of recorded) await backupsProjector.apply(trx, event, liveTables);
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    await backupsProjector.createTables(database.db, liveTables);
    await applyAll();
  });
  afterAll(() => database.drop());

  it('lists the account’s backups not purged, newest first, with their state', async () => {
    const listed = await listBackups(database.db, 'alice');
    expect(listed.map((b) => [b.id, b.state, b.fileSize, b.attempts])).toEqual([
      ['30', 'pending', 0, 0],
      ['20', 'failed', 0, 3],
    ]);
    expect(await listBackups(database.db, 'bob')).toEqual([]);
  });

  it('leaves the same rows when the history is applied again: a purged backup stays purged', async () => {
    const before = await database.db('backups').orderBy('id').select();
    await applyAll();
    expect(await database.db('backups').orderBy('id').select()).toEqual(before);
  });

  it('names the live backups requested before a time, oldest first', async () => {
    const due = await backupsRequestedBefore(database.db, new Date(day(10)), 10);
    expect(due.map((b) => b.id)).toEqual(['20']);
  });
});
