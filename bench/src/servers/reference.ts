import path from 'node:path';
import { startChildServer } from './child-server';
import { benchRoot, launcherPath } from './paths';
import { openAccess, type ServerUnderTest } from './server-under-test';

/** The stock y-websocket-server 0.1.1, in memory or with y-leveldb (YPERSISTENCE). */
export function createReferenceServer(storage: 'memory' | 'leveldb'): ServerUnderTest {
  return {
    name: `reference-${storage}`,
    family: 'reference',
    storage: storage === 'memory' ? 'memory' : 'persistent',
    start: ({ dataDir }) =>
      startChildServer({
        name: `reference-${storage}`,
        nodeArgs: ['--import', 'tsx', launcherPath('reference-server.ts')],
        cwd: benchRoot,
        env: storage === 'leveldb' ? { YPERSISTENCE: path.join(dataDir, 'leveldb') } : {},
        readiness: { kind: 'stdout-line', pattern: /running at/ },
        endpointFor: (port) => ({
          protocol: 'y-websocket',
          baseUrl: `ws://127.0.0.1:${port}`,
          access: openAccess,
        }),
      }),
  };
}
