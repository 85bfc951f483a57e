import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/embedded.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * One PostgreSQL server for the whole run: TEST_DATABASE_URL, else the machine's server on 127.0.0.1:5432,
 * else (or with TEST_DATABASE_URL=embedded) an embedded PostgreSQL in a temporary folder. Each test file then makes its own database on it.
 */
export default async function setup(project: TestProject) {
  // TEST_DATABASE_URL=embedded skips the probes: how CI behaves on a machine without PostgreSQL.
  const forced = process.env.TEST_DATABASE_URL === 'embedded';
  const candidates = forced
    ? []
    : [process.env.TEST_DATABASE_URL, 'postgres://postgres@127.0.0.1:5432/postgres'];
  for (const url of candidates) {
    if (url && (await reachable(url))) {
      console.log(`[tests] PostgreSQL at ${new URL(url).host}`);
      project.provide('adminDatabaseUrl', url);
      return;
    }
  }
  const dir = await mkdtemp(join(tmpdir(), 'annals-test-pg-'));
  await chmod(dir, 0o755); // mkdtemp makes it 0700; as root, PostgreSQL runs as `postgres` and must enter it
  const silent = { debug: () => undefined, warn: () => undefined };
  const embedded = await startEmbeddedPostgres(dir, silent, { persistent: false });
  console.log('[tests] no PostgreSQL reachable: started embedded PostgreSQL');
  project.provide('adminDatabaseUrl', embedded.url);
  return async () => {
    await embedded.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
