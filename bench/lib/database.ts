import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';
import { createDb } from '../../src/db/knex.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export interface BenchServer {
  adminUrl: string;
  /** Where it came from, for the report. */
  source: string;
  stop(): Promise<void>;
}

export interface BenchDatabase {
  url: string;
  db: Knex;
  drop(): Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** As the tests do: BENCH_DATABASE_URL, else the machine's server on 127.0.0.1:5432, else an embedded one. */
export async function provisionServer(): Promise<BenchServer> {
  const candidates = [process.env.BENCH_DATABASE_URL, 'postgres://postgres@127.0.0.1:5432/postgres'];
  for (const url of candidates) {
    if (url && (await reachable(url)))
      return { adminUrl: url, source: new URL(url).host, stop: async () => {} };
  }
  const dir = await mkdtemp(join(tmpdir(), 'annals-bench-pg-'));
  const silent = { debug: () => undefined, warn: () => undefined };
  const embedded = await startEmbeddedPostgres(dir, silent, { persistent: false });
  return {
    adminUrl: embedded.url,
    source: 'embedded',
    stop: async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function admin(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database for one scenario; dropped afterwards. */
export async function createBenchDatabase(adminUrl: string, poolSize = 16): Promise<BenchDatabase> {
  const name = `annals_bench_${randomBytes(6).toString('hex')}`;
  await admin(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), poolSize);
  await migrateToLatest(db);
  return {
    url: url.toString(),
    db,
    drop: async () => {
      await db.destroy();
      // BENCH_KEEP_DB: leave the seeded database for EXPLAIN and profiling; its name is logged.
      if (process.env.BENCH_KEEP_DB) return void console.log(`[bench] kept database ${name}`);
      await admin(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}
