import path from 'node:path';
import { startChildServer } from './child-server';
import { benchRoot, launcherPath } from './paths';
import type { ServerUnderTest } from './server-under-test';

/** Hocuspocus 3.4 in memory, or with its SQLite extension. */
export function createHocuspocusServer(storage: 'memory' | 'sqlite'): ServerUnderTest {
  return {
    name: `hocuspocus-${storage}`,
    family: 'hocuspocus',
    storage: storage === 'memory' ? 'memory' : 'persistent',
    start: ({ dataDir }) =>
      startChildServer({
        name: `hocuspocus-${storage}`,
        nodeArgs: ['--import', 'tsx', launcherPath('hocuspocus-server.ts')],
        cwd: benchRoot,
        env: storage === 'sqlite' ? { HOCUSPOCUS_SQLITE: path.join(dataDir, 'hocuspocus.sqlite') } : {},
        readiness: { kind: 'stdout-line', pattern: /hocuspocus ready/ },
        endpointFor: (port) => ({ protocol: 'hocuspocus', baseUrl: `ws://127.0.0.1:${port}` }),
      }),
  };
}
