import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { orderedCollection } from '../../src/backups/collection.js';
import {
  type BackupCommand,
  type BackupEvent,
  backupFileName,
  backupLimitMessage,
  backupsDecider,
} from '../../src/domain/backup/index.js';
import { type DeciderCase, runCase } from '../helpers/decider.js';

const DAY = 86_400_000;
const t0 = new Date('2024-05-01T10:00:00.000Z');
const at = (days: number, ms = 0) => new Date(t0.getTime() + days * DAY + ms);
const request = (backupId: string, now: Date): BackupCommand => ({
  type: 'RequestBackup',
  backupId,
  accountId: 'alice',
  fileName: `${backupId}.zip`,
  now,
});
const requested = (backupId: string, now: Date): BackupEvent => ({
  type: 'BackupRequested',
  data: { backupId, accountId: 'alice', fileName: `${backupId}.zip`, requestedAt: now.toISOString() },
});
const attempt = (n: number): BackupEvent => ({
  type: 'BackupAttemptStarted',
  data: { backupId: 'b1', accountId: 'alice', attempt: n },
});
const completed: BackupEvent = {
  type: 'BackupCompleted',
  data: {
    backupId: 'b1',
    accountId: 'alice',
    key: 'backups/b1.zip',
    fileSize: 10,
    completedAt: t0.toISOString(),
  },
};
const start = { type: 'StartBackupAttempt', backupId: 'b1', maxAttempts: 3 } as const;

const cases: DeciderCase<BackupCommand, BackupEvent>[] = [
  {
    name: 'the first backup is requested',
    given: [],
    when: request('b1', t0),
    expected: [requested('b1', t0)],
  },
  {
    name: 'a request 7 whole days later is refused with Pleroma’s text',
    given: [requested('b1', t0)],
    when: request('b2', at(7, DAY - 1)),
    error: { status: 400, message: 'Last export was less than 7 days ago' },
  },
  {
    name: 'a request 8 whole days later is allowed',
    given: [requested('b1', t0)],
    when: request('b2', at(8)),
    expected: [requested('b2', at(8))],
  },
  { name: 'the same request again appends nothing', given: [requested('b1', t0)], when: request('b1', t0) },
  {
    name: 'an attempt is counted',
    given: [requested('b1', t0), attempt(1)],
    when: start,
    expected: [attempt(2)],
  },
  {
    name: 'past the last attempt the backup fails',
    given: [requested('b1', t0), attempt(1), attempt(2), attempt(3)],
    when: start,
    expected: [
      {
        type: 'BackupFailed',
        data: { backupId: 'b1', accountId: 'alice', attempts: 3, reason: 'too many attempts' },
      },
    ],
  },
  {
    name: 'a stored backup completes once',
    given: [requested('b1', t0), attempt(1), completed],
    when: { type: 'CompleteBackup', backupId: 'b1', key: 'k', fileSize: 1, now: t0 },
  },
  { name: 'a stored backup starts no attempt', given: [requested('b1', t0), completed], when: start },
  {
    name: 'a backup is purged once',
    given: [requested('b1', t0), completed],
    when: { type: 'PurgeBackup', backupId: 'b1', reason: 'expired' },
    expected: [{ type: 'BackupPurged', data: { backupId: 'b1', accountId: 'alice', reason: 'expired' } }],
  },
  {
    name: 'an unknown backup changes nothing',
    given: [requested('b1', t0)],
    when: { type: 'FailBackup', backupId: 'nope', reason: 'x' },
  },
];

describe('backups decider', () => {
  for (const testCase of cases) it(testCase.name, () => runCase(backupsDecider, testCase));

  it('words the limit for one day in the singular, as Pleroma', () => {
    expect(backupLimitMessage(1)).toBe('Last export was less than a day ago');
  });

  it('names archives as Pleroma: nickname, basic ISO time, 43 url-safe characters', () => {
    const name = backupFileName('alice', new Date('2024-05-01T10:02:03.456Z'), new Uint8Array(32).fill(255));
    expect(name).toBe(`archive-alice-20240501T100203-${'_'.repeat(42)}8.zip`);
  });
});

describe('orderedCollection', () => {
  async function text(items: unknown[]) {
    const chunks: Buffer[] = [];
    for await (const chunk of Readable.from(orderedCollection('likes', Readable.from(items))))
      chunks.push(chunk);
    return Buffer.concat(chunks).toString();
  }

  it('writes the items of an OrderedCollection and counts them last', async () => {
    expect(JSON.parse(await text(['a', { b: 1 }]))).toEqual({
      '@context': 'https://www.w3.org/ns/activitystreams',
      id: 'likes.json',
      type: 'OrderedCollection',
      orderedItems: ['a', { b: 1 }],
      totalItems: 2,
    });
    expect(JSON.parse(await text([]))).toMatchObject({ orderedItems: [], totalItems: 0 });
  });
});
