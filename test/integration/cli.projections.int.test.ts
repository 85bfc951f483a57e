import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { connectOrStartEmbedded } from '../../src/db/embedded.js';
import type { EventStore } from '../../src/eventstore/eventStore.js';
import { createPostgresEventStore } from '../../src/eventstore/postgres.js';
import { allProjectors } from '../../src/projections/registry.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { append, untilVisible } from './projections.fixture.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real `annals` command in a child process, configured only through its environment. */
function annals(databaseUrl: string | { dataDir: string }, ...args: string[]): Promise<Run> {
  const database =
    typeof databaseUrl === 'string'
      ? { DATABASE_URL: databaseUrl }
      : { DATABASE_URL: '', DATA_DIR: databaseUrl.dataDir };
  const env = { ...process.env, ...database, LOG_LEVEL: '', EVENTSTORE_URL: '' };
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/annals.js', ...args], { cwd: root, env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const lines = (text: string) => text.split('\n').filter((line) => line.length > 0);

let database: TestDatabase;
let store: EventStore;
let head: bigint;
const names = allProjectors({ config: loadConfig({}) }).map((projector) => projector.name);

beforeAll(async () => {
  database = await createTestDatabase();
  store = createPostgresEventStore(database.db);
  // Events no projector handles: every checkpoint must still move past them.
  for (let index = 0; index < 3; index++) head = await append(store, { type: 'Unrelated' });
  await untilVisible(store, head);
});

afterAll(async () => {
  await store.close();
  await database.drop();
});

describe('annals projections', () => {
  it('status --plain prints one line per projection: name, version, checkpoint, behind, lag', async () => {
    const run = await annals(database.url, 'projections', 'status', '--plain');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const output = lines(run.stdout);
    expect(output.map((line) => line.split(' ')[0])).toEqual(names);
    for (const line of output) expect(line).toMatch(/^\S+ \d+ 0 3 \d+\.\d$/);
  });

  it('rebuild --all rebuilds every projection and leaves them caught up', async () => {
    const rebuild = await annals(database.url, 'projections', 'rebuild', '--all');
    expect(rebuild.code, rebuild.stderr).toBe(0);
    expect(lines(rebuild.stdout).map((line) => line.split(' ')[0])).toEqual(names);

    const status = await annals(database.url, 'projections', 'status', '--plain');
    for (const line of lines(status.stdout)) expect(line).toMatch(new RegExp(`^\\S+ \\d+ ${head} 0 0\\.0$`));
  });

  it('status without --plain starts with a header line', async () => {
    const run = await annals(database.url, 'projections', 'status');
    expect(run.code).toBe(0);
    const [header, ...rows] = lines(run.stdout);
    expect(header?.split(/\s+/)).toEqual(['NAME', 'VERSION', 'CHECKPOINT', 'BEHIND', 'LAG_S', 'STATE']);
    expect(rows).toHaveLength(names.length);
  });

  it('fails with a one-line message for an unknown projection or a missing name', async () => {
    const unknown = await annals(database.url, 'projections', 'rebuild', 'no_such_projection');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Unknown projection no_such_projection');
    const missing = await annals(database.url, 'projections', 'rebuild');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('give a projection name or --all');
  });
});

describe('annals with the embedded PostgreSQL of DATA_DIR', () => {
  it('uses the cluster a running server started instead of starting a second one, and leaves it running', async () => {
    // Traversable by the `postgres` user the cluster runs as when tests run as root.
    const dataDir = await mkdtemp(join(tmpdir(), 'annals-cli-'));
    await chmod(dataDir, 0o755);
    const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined };
    const server = await connectOrStartEmbedded(dataDir, silent);
    try {
      expect(server.startedHere).toBe(true);
      const run = await annals({ dataDir }, 'projections', 'status', '--plain');
      expect(run.code, run.stderr).toBe(0);
      expect(lines(run.stdout).map((line) => line.split(' ')[0])).toEqual(names);

      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      const { rows } = await client.query('select count(*)::int as n from projection_checkpoints');
      await client.end();
      expect(rows).toEqual([{ n: 0 }]);
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
