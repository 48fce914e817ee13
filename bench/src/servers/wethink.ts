import path from 'node:path';
import { startChildServer } from './child-server';
import { wethinkServerRoot } from './paths';
import type { ServerUnderTest } from './server-under-test';

/** The wethink server from this workspace, as `pnpm start` runs it, with sqlite or memory storage. */
export function createWethinkServer(storage: 'sqlite' | 'memory'): ServerUnderTest {
  return {
    name: `wethink-${storage}`,
    family: 'wethink',
    storage: storage === 'memory' ? 'memory' : 'persistent',
    start: ({ dataDir }) =>
      startChildServer({
        name: `wethink-${storage}`,
        nodeArgs: ['--import', 'tsx', path.join(wethinkServerRoot, 'src', 'main.ts')],
        cwd: wethinkServerRoot,
        env: { DATA_DIR: dataDir, STORAGE: storage, LOG_LEVEL: 'warn' },
        readiness: { kind: 'http-200', path: '/healthz' },
        endpointFor: (port) => ({ protocol: 'y-websocket', baseUrl: `ws://127.0.0.1:${port}/sync` }),
      }),
  };
}
