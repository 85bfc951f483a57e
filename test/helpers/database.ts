import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb } from '../../src/db/knex.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export interface TestDatabase {
  url: string;
  db: Knex;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database of its own for one test file (or one test). */
export async function createTestDatabase(
  options: { poolSize?: number; migrate?: boolean } = {},
): Promise<TestDatabase> {
  const name = `annals_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`create database ${name}`));
  const url = new URL(inject('adminDatabaseUrl'));
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), options.poolSize ?? 10);
  if (options.migrate ?? true) await migrateToLatest(db);
  return {
    url: url.toString(),
    db,
    drop: async () => {
      await db.destroy();
      await admin((client) => client.query(`drop database if exists ${name} with (force)`));
    },
  };
}
