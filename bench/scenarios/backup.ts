import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { expect } from '../../src/eventstore/eventStore.js';
import { ACCOUNTS_PROJECTOR } from '../../src/projections/accounts/projector.js';
import { startBenchApp } from '../lib/app.js';
import type { ResultRow, Scenario, ScenarioContext } from '../lib/scenario.js';
import { accountRegistered, seedEvent } from '../lib/seed.js';
import { round } from '../lib/stats.js';
import type { BackupCase, BackupCaseResult } from './backupCase.js';

const SIZES = [10_000, 100_000];
const SEED_BATCH = 20_000;
const CASE_FILE = fileURLToPath(new URL('./backupCase.ts', import.meta.url));

/** Backup accounts are named after their size, and show it. */
const backupProfile = (nickname: string) => ({
  displayName: nickname,
  note: 'A bench account',
  locale: 'en',
});

/**
 * `count` public statuses of one account, written straight into the statuses read model in a few large
 * statements: projecting 110,000 StatusPosted events one by one would take minutes on two cores and measure
 * nothing the backup does. Rows as the projector writes them (ids time-ordered, a hashtag each).
 */
async function seedStatuses(db: Knex, accountId: string, count: number, firstId: bigint) {
  const start = Date.now() - count * 60_000;
  for (let from = 0; from < count; from += SEED_BATCH) {
    const to = Math.min(count, from + SEED_BATCH) - 1;
    await db.raw(
      `insert into statuses (id, object_id, account_id, visibility, text, content_html, spoiler_text, sensitive,
         mentions, tags, language, context, created_at, media_ids)
       select ?::bigint + i, md5(?::text || i)::uuid::text, ?, 'public',
         'Status ' || i || ' of the backup bench, long enough to look like a real post about #bench and more words.',
         '<p>Status ' || i || ' of the backup bench, long enough to look like a real post about #bench and more words.</p>',
         '', false, '[]'::jsonb, '["bench"]'::jsonb, 'en', ? || '/contexts/' || i,
         to_timestamp((?::bigint + i::bigint * 60000) / 1000.0), '[]'::jsonb
       from generate_series(?::int, ?::int) as i`,
      [firstId.toString(), accountId, accountId, 'http://localhost:4000', start, from, to],
    );
  }
  await db('status_account_stats').insert({
    account_id: accountId,
    statuses_count: count,
    last_status_at: new Date(),
  });
}

/** Runs one case in a fresh Node process (tsx as its loader) and answers what it measured. */
function runCase(options: BackupCase): Promise<BackupCaseResult> {
  return new Promise((resolve, reject) => {
    const child = fork(CASE_FILE, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    child.once('message', (message: { ok: boolean; result?: BackupCaseResult; error?: string }) => {
      if (message.ok) resolve(message.result!);
      else reject(new Error(message.error));
    });
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`backup case exited with ${code}`)));
    child.send(options);
  });
}

function row(options: BackupCase, result: BackupCaseResult, baselineMs?: number): ResultRow {
  return {
    case: options.kind === 'annals' ? 'backup from the read models' : 'bare: same JSON to a zip, no database',
    statuses: options.statuses,
    seconds: round(result.ms / 1000, 2),
    'statuses/s': round((options.statuses * 1000) / result.ms, 0),
    'zip MB': round(result.bytes / 1024 / 1024, 2),
    'peak heap MB': round(result.peakHeapMb, 1),
    'peak rss MB': round(result.peakRssMb, 1),
    'rss growth MB': round(result.peakRssMb - result.startRssMb, 1),
    'time vs bare': baselineMs === undefined ? null : round(result.ms / baselineMs, 2),
  };
}

async function run(context: ScenarioContext): Promise<ResultRow[]> {
  // A small pool: the cases run in child processes with their own; this one only seeds.
  const app = await startBenchApp(context, { poolSize: 4, waitTimeoutMs: 60_000 });
  const { database, eventStore, engine } = app;
  try {
    await engine.start();
    const accounts = SIZES.map((size, i) => ({ id: `${9000 + i}`, nickname: `backup${size}`, size }));
    let lastAppended = 0n;
    for (const account of accounts) {
      const time = new Date().toISOString();
      const event = accountRegistered(account.id, account.nickname, time, backupProfile(account.nickname));
      const appended = await eventStore.appendToStream(
        `account-${account.id}`,
        [seedEvent(account.id, event, time)],
        expect.noStream,
      );
      lastAppended = appended.position;
    }
    await engine.waitFor([ACCOUNTS_PROJECTOR], lastAppended);
    const seeding = performance.now();
    let firstId = (BigInt(Date.now() - 200 * 86_400_000) << 16n) + 1n;
    for (const account of accounts) {
      await seedStatuses(database.db, account.id, account.size, firstId);
      firstId += BigInt(account.size) + 1n;
    }
    await database.db.raw('analyze');
    context.log(
      `seeded ${SIZES.join(' + ')} statuses in ${round((performance.now() - seeding) / 1000, 1)} s`,
    );

    const rows: ResultRow[] = [];
    for (const account of accounts) {
      const common = { statuses: account.size, databaseUrl: database.url, accountId: account.id };
      const bare = { kind: 'bare', ...common } as const;
      const annals = { kind: 'annals', ...common } as const;
      const bareResult = await runCase(bare);
      context.log(`bare ${account.size}: ${round(bareResult.ms / 1000, 2)} s`);
      const annalsResult = await runCase(annals);
      context.log(`backup ${account.size}: ${round(annalsResult.ms / 1000, 2)} s`);
      rows.push(row(bare, bareResult), row(annals, annalsResult, bareResult.ms));
    }
    return rows;
  } finally {
    await app.stop();
  }
}

export const backup: Scenario = {
  name: 'backup',
  description:
    'A backup (§10) of an account with 10,000 and with 100,000 statuses, streamed from the read models into a zip in the media storage, beside writing the same outbox JSON to a zip with no database; each case in a fresh Node process, memory sampled every 5 ms.',
  run,
  notes: (rows) => {
    const peaks = rows
      .filter((r) => String(r.case).startsWith('backup'))
      .map((r) => Number(r['peak heap MB']));
    return [
      'Statuses are written straight into the statuses read model (not projected from events): projecting 110,000 events would take minutes and measure nothing the backup does. No likes, follows or media are seeded.',
      'The backup reads 500 statuses per query (keyset pagination) and yazl pulls each collection as the storage writes the zip, so memory holds one batch whatever the account size.',
      `Peak heap of the backup: ${peaks.join(' MB vs ')} MB for ${SIZES.map((s) => s.toLocaleString('en')).join(' vs ')} statuses (flat = streaming).`,
      '"time vs bare" = backup time ÷ the bare zip time for the same number of statuses: the share the database reads add.',
    ];
  },
};
