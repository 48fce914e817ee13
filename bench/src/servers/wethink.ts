import path from 'node:path';
import { startChildServer } from './child-server';
import { wethinkServerRoot } from './paths';
import type { RunningServer, ServerUnderTest } from './server-under-test';
import { WethinkAccess, WethinkAccount } from './wethink-access';

/**
 * The wethink server from this workspace, as `pnpm start` runs it, with sqlite or memory storage.
 * Every sync upgrade needs a member's connection token, so each start signs the bench user up
 * (or, on a sqlite restart, keeps the account its data dir already holds) before it is handed out.
 */
export function createWethinkServer(storage: 'sqlite' | 'memory'): ServerUnderTest {
  // Data dir → account, for restarts of a sqlite server; runs use fresh temp dirs, so entries
  // are only ever reused by a restart within one run.
  const sqliteAccounts = new Map<string, WethinkAccount>();
  const accountFor = (dataDir: string): WethinkAccount => {
    if (storage === 'memory') return new WethinkAccount();
    const account = sqliteAccounts.get(dataDir) ?? new WethinkAccount();
    sqliteAccounts.set(dataDir, account);
    return account;
  };
  return {
    name: `wethink-${storage}`,
    family: 'wethink',
    storage: storage === 'memory' ? 'memory' : 'persistent',
    start: async ({ dataDir, cpuProfileDir }) => {
      const account = accountFor(dataDir);
      const server = await startChildServer({
        name: `wethink-${storage}`,
        nodeArgs: [
          ...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : []),
          '--import',
          'tsx',
          path.join(wethinkServerRoot, 'src', 'main.ts'),
        ],
        cwd: wethinkServerRoot,
        env: { DATA_DIR: dataDir, STORAGE: storage, LOG_LEVEL: 'warn' },
        readiness: { kind: 'http-200', path: '/healthz' },
        endpointFor: (port) => ({
          protocol: 'y-websocket',
          baseUrl: `ws://127.0.0.1:${port}/sync`,
          access: new WethinkAccess(`http://127.0.0.1:${port}`, account),
        }),
      });
      await signedIn(server);
      return server;
    },
  };
}

async function signedIn(server: RunningServer): Promise<void> {
  try {
    await server.endpoint.access.prepare([]);
  } catch (error) {
    await server.stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`wethink started but the bench could not sign up: ${reason}`, { cause: error });
  }
}
