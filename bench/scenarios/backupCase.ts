import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderCreate } from '../../src/backups/activitypub.js';
import { backupArchive } from '../../src/backups/archive.js';
import { accountBackupParts } from '../../src/backups/sources.js';
import { createDb } from '../../src/db/knex.js';
import { findAccountById } from '../../src/projections/accounts/queries.js';
import type { StatusRecord } from '../../src/projections/statuses/queries.js';
import { createFileStorage } from '../../src/storage/filesystem.js';

/**
 * One measured backup, alone in its own Node process (bench/scenarios/backup.ts forks it), so its peak
 * memory is its own: `annals` builds an account's backup from the database exactly as the backups process
 * does (read models → zip → storage); `bare` writes the same outbox JSON to a zip with no database.
 */
export interface BackupCase {
  kind: 'annals' | 'bare';
  statuses: number;
  databaseUrl: string;
  accountId: string;
}

export interface BackupCaseResult {
  ms: number;
  bytes: number;
  startRssMb: number;
  peakRssMb: number;
  startHeapMb: number;
  peakHeapMb: number;
}

const PUBLIC_URL = 'http://localhost:4000';
const MB = 1024 * 1024;

/** The statuses the bare case renders: the shape the seed gives the database's. */
async function* syntheticOutbox(count: number): AsyncGenerator<unknown> {
  const start = Date.now() - count * 60_000;
  for (let i = 0; i < count; i++) {
    const text = `Status ${i} of the backup bench, long enough to look like a real post about #bench and more words.`;
    const status: StatusRecord = {
      id: String(1_000_000 + i),
      objectId: randomUUID(),
      accountId: 'bench',
      visibility: 'public',
      text,
      contentHtml: `<p>${text}</p>`,
      spoilerText: '',
      sensitive: false,
      inReplyToId: null,
      inReplyToAccountId: null,
      mentions: [],
      tags: ['bench'],
      language: 'en',
      context: `${PUBLIC_URL}/contexts/${i}`,
      application: null,
      repliesCount: 0,
      mediaIds: [],
      emojis: [],
      createdAt: new Date(start + i * 60_000),
      expiresAt: null,
    };
    yield renderCreate(status, 'bench', { inReplyTo: null, parentActor: null, media: [] }, { PUBLIC_URL });
    // The database case waits on a query every batch; let the sampler run here too.
    if (i % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

async function* empty(): AsyncGenerator<never> {}

async function run(options: BackupCase): Promise<BackupCaseResult> {
  const dir = await mkdtemp(join(tmpdir(), 'annals-bench-backup-'));
  const storage = createFileStorage({ root: dir, baseUrl: `${PUBLIC_URL}/media` });
  const db = options.kind === 'annals' ? createDb(options.databaseUrl, 2) : undefined;
  const start = process.memoryUsage();
  let peakRss = start.rss;
  let peakHeap = start.heapUsed;
  const sample = () => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  };
  const sampler = setInterval(sample, 5);
  try {
    const began = performance.now();
    let parts: Parameters<typeof backupArchive>[0];
    if (db) {
      const account = await findAccountById(db, options.accountId);
      if (!account) throw new Error(`account ${options.accountId} is not seeded`);
      parts = accountBackupParts({ db, config: { PUBLIC_URL } }, account);
    } else {
      const actor = { id: `${PUBLIC_URL}/users/bench`, type: 'Person' };
      const rest = { likes: empty(), bookmarks: empty(), followers: empty(), following: empty() };
      parts = { actor, outbox: syntheticOutbox(options.statuses), ...rest };
    }
    const { size } = await storage.putStream(
      'backups/bench.zip',
      backupArchive(parts, new Date()),
      'application/zip',
    );
    const ms = performance.now() - began;
    sample();
    return {
      ms,
      bytes: size,
      startRssMb: start.rss / MB,
      peakRssMb: peakRss / MB,
      startHeapMb: start.heapUsed / MB,
      peakHeapMb: peakHeap / MB,
    };
  } finally {
    clearInterval(sampler);
    await db?.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

process.once('message', (message: BackupCase) => {
  run(message).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (error: unknown) => process.send?.({ ok: false, error: String(error) }, () => process.exit(1)),
  );
});
