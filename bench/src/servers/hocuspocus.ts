import path from 'node:path';
import { ensureSqlite3 } from '../setup/sqlite3-binding';
import { startChildServer } from './child-server';
import { benchRoot, launcherPath } from './paths';
import { openAccess, type ServerUnderTest } from './server-under-test';

/** Hocuspocus 3.4 in memory, or with its SQLite extension (whose native module is built on demand). */
export function createHocuspocusServer(storage: 'memory' | 'sqlite'): ServerUnderTest {
  return {
    name: `hocuspocus-${storage}`,
    family: 'hocuspocus',
    storage: storage === 'memory' ? 'memory' : 'persistent',
    ...(storage === 'sqlite' ? { setup: ensureSqlite3 } : {}),
    start: ({ dataDir }) =>
      startChildServer({
        name: `hocuspocus-${storage}`,
        nodeArgs: ['--import', 'tsx', launcherPath('hocuspocus-server.ts')],
        cwd: benchRoot,
        env: storage === 'sqlite' ? { HOCUSPOCUS_SQLITE: path.join(dataDir, 'hocuspocus.sqlite') } : {},
        readiness: { kind: 'stdout-line', pattern: /hocuspocus ready/ },
        endpointFor: (port) => ({
          protocol: 'hocuspocus',
          baseUrl: `ws://127.0.0.1:${port}`,
          access: openAccess,
        }),
      }),
  };
}
