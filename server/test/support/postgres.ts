import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { inject } from 'vitest';

// A real PostgreSQL for tests (see ../../../shared/TOOLCHAIN.md): DATABASE_URL's server when set,
// else the machine's one on 127.0.0.1:5432, else a private cluster started from Debian's binaries
// (installed on first need). The globalSetup resolves it once; each test file takes a fresh database.

const run = promisify(execFile);

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of the tests' PostgreSQL (set by postgres-global-setup.ts). */
    postgresAdminUrl: string;
    /** This run's prefix for database names: the run's end drops whatever a test left. */
    postgresDatabasePrefix: string;
  }
}

/** The machine's shared server; tests never stop it. */
export const SHARED_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Whether a PostgreSQL answers a query at `url` within `timeoutMs`. */
export async function isPostgresAnswering(url: string, timeoutMs = 2000): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {}); // a refused connection also rejects connect(): that is the answer
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface TestDatabase {
  /** `postgres://…/<fresh database>`. */
  url: string;
  /** Drops the database, ending any connection still open to it. */
  drop(): Promise<void>;
}

/** Names of test databases: `wethink_test_<run>_<random>`. */
export const TEST_DATABASE_PREFIX = 'wethink_test_';

export function newRunPrefix(): string {
  return `${TEST_DATABASE_PREFIX}${randomBytes(4).toString('hex')}_`;
}

/**
 * A new, empty database on the tests' PostgreSQL (one per test file: see the contract suite).
 * `drop()` it when done; one left behind is dropped when the test run ends.
 */
export async function createTestDatabase(
  adminUrl = inject('postgresAdminUrl'),
  prefix = inject('postgresDatabasePrefix'),
): Promise<TestDatabase> {
  const name = `${prefix}${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/**
 * Drops every database whose name starts with `prefix` (a run's own: other runs on the same
 * server, another engineer's, use their own prefix).
 */
export async function dropTestDatabases(adminUrl: string, prefix: string): Promise<void> {
  if (!/^wethink_test_[0-9a-f]+_$/.test(prefix)) throw new RangeError(`not a run prefix: ${prefix}`);
  await withAdmin(adminUrl, async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  });
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface PrivatePostgres {
  /** Superuser URL on 127.0.0.1 and this cluster's own port (the same across stop and start). */
  url: string;
  /** Fast shutdown (connections are ended, data kept); resolves once the server is down. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data; resolves once it accepts connections. */
  start(): Promise<void>;
  /** SIGKILL to the postmaster and its backends, as a crash would; resolves once all are gone. */
  kill(): Promise<void>;
  /** Whether the postmaster runs. */
  isRunning(): boolean;
  /** Stops the server if it runs and deletes its data directory. */
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL cluster of its own in a temp dir on a free port, for tests that stop or kill the
 * database (never the machine's shared one). Installs Debian's `postgresql` when it is missing.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = await postgresBinaries();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wethink-pg-'));
  const dataDir = path.join(root, 'data');
  // initdb and postgres refuse to run as root: run them as the postgres user Debian creates.
  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    fs.chownSync(root, Number(stdout.trim()), Number(gid.trim()));
  }
  const pgTool = (tool: string, args: string[]) =>
    isRoot
      ? run('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args])
      : run(path.join(bin, tool), args);
  await pgTool('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  const start = async () => {
    await pgTool('pg_ctl', [
      '-D',
      dataDir,
      '-l',
      path.join(root, 'server.log'),
      // fsync off: these clusters are thrown away; a kill -9 of the postmaster still keeps the WAL.
      '-o',
      `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off`,
      '-w',
      'start',
    ]);
  };
  const stop = async () => {
    await pgTool('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
  };
  const isRunning = () => {
    const pidFile = path.join(dataDir, 'postmaster.pid');
    // A killed postmaster leaves its pid file behind: check the process too.
    return fs.existsSync(pidFile) && isAlive(Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]));
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    kill: () => killCluster(dataDir),
    isRunning,
    async destroy() {
      if (isRunning()) await stop().catch(() => killCluster(dataDir));
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** SIGKILL to the postmaster and every process it started; waits until none is left. */
async function killCluster(dataDir: string): Promise<void> {
  const postmasterPid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const { stdout } = await run('pgrep', ['-P', String(postmasterPid)]).catch(() => ({ stdout: '' }));
  const pids = [postmasterPid, ...stdout.split('\n').filter(Boolean).map(Number)];
  for (const pid of pids) signal(pid, 'SIGKILL');
  // Backends of a killed postmaster exit on their own; the next start needs them gone (shared memory).
  const deadline = Date.now() + 10_000;
  while (pids.some(isAlive)) {
    if (Date.now() > deadline)
      throw new Error(`postgres processes ${pids.filter(isAlive).join(' ')} survived SIGKILL`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Debian's binary folder of the newest installed PostgreSQL; installs the package if there is none. */
async function postgresBinaries(): Promise<string> {
  const found = newestBinDir();
  if (found) return found;
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (args: string[]) =>
    run(sudo[0] ?? 'apt-get', [...(sudo.length ? ['apt-get'] : []), ...args], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      maxBuffer: 64 * 1024 * 1024,
    });
  await apt(['update', '-qq']);
  await apt(['install', '-y', '-qq', '--no-install-recommends', 'postgresql']);
  const installed = newestBinDir();
  if (!installed)
    throw new Error('apt-get installed postgresql but /usr/lib/postgresql/*/bin/initdb is missing');
  return installed;
}

function newestBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((version) => fs.existsSync(path.join(root, version, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

/** A TCP port nothing listens on right now (for a private service). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
