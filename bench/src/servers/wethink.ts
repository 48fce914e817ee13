import { benchDatabaseFor } from './bench-postgres';
import { startChildServer } from './child-server';
import { wethinkServerRoot } from './paths';
import type { ClientProtocol, RunningServer, ServerUnderTest } from './server-under-test';
import { WethinkAccess, WethinkAccount } from './wethink-access';
import { wethinkStartArgs } from './wethink-start-args';

/**
 * The wethink server from this workspace, run as `pnpm start` runs it (the same node flags, read
 * from its start script: users get the server's V8 settings, and so does the bench), with sqlite
 * memory or PostgreSQL storage, driven by the wethink editor's client (the stock y-websocket
 * provider with wethink's protocol extensions on) or, as `wethink-<storage>-stock`, by the stock
 * provider alone (what any third-party integration uses).
 * Every sync upgrade needs a member's connection token, so each start signs the bench user up
 * (or, on a sqlite restart, keeps the account its data dir already holds) before it is handed out.
 */
export function createWethinkServer(
  storage: 'sqlite' | 'memory' | 'postgres',
  client: Extract<ClientProtocol, 'wethink' | 'y-websocket'>,
): ServerUnderTest {
  const name = client === 'wethink' ? `wethink-${storage}` : `wethink-${storage}-stock`;
  // Data dir → account, for restarts of a persistent server; runs use fresh temp dirs, so entries
  // are only ever reused by a restart within one run.
  const sqliteAccounts = new Map<string, WethinkAccount>();
  const accountFor = (dataDir: string): WethinkAccount => {
    if (storage === 'memory') return new WethinkAccount();
    const account = sqliteAccounts.get(dataDir) ?? new WethinkAccount();
    sqliteAccounts.set(dataDir, account);
    return account;
  };
  return {
    name,
    family: 'wethink',
    storage: storage === 'memory' ? 'memory' : 'persistent',
    start: async ({ dataDir, cpuProfileDir }) => {
      const account = accountFor(dataDir);
      const postgres: Record<string, string> =
        storage === 'postgres'
          ? { DATABASE_URL: await benchDatabaseFor(dataDir), AUTH_SECRET: BENCH_AUTH_SECRET }
          : {};
      const server = await startChildServer({
        name,
        nodeArgs: [
          ...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : []),
          ...wethinkStartArgs(),
        ],
        cwd: wethinkServerRoot,
        env: { DATA_DIR: dataDir, STORAGE: storage, LOG_LEVEL: 'warn', ...postgres },
        readiness: { kind: 'http-200', path: '/healthz' },
        endpointFor: (port) => ({
          protocol: client,
          baseUrl: `ws://127.0.0.1:${port}/sync`,
          access: new WethinkAccess(`http://127.0.0.1:${port}`, account),
        }),
      });
      await signedIn(server);
      return server;
    },
  };
}

/** One secret for every PostgreSQL start: the database outlives the process, tokens must too. */
const BENCH_AUTH_SECRET = 'wethink-bench-secret-of-at-least-32-characters';

async function signedIn(server: RunningServer): Promise<void> {
  try {
    await server.endpoint.access.prepare([]);
  } catch (error) {
    await server.stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`wethink started but the bench could not sign up: ${reason}`, { cause: error });
  }
}
