// Runs the stock y-websocket-server 0.1.1 bin (`src/server.js`) unchanged, with its own `ws` 6:
// HOST and PORT come from the environment, and YPERSISTENCE=<dir> turns on y-leveldb, read by
// its utils module at import. The stock bin logs "running at '<host>' on port <port>" when ready.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getPersistence } from '@y/websocket-server/utils';

interface LeveldbProvider {
  destroy(): Promise<void>;
}

// The stock bin dies on SIGTERM without closing LevelDB; close it so a restart reads a clean store.
process.once('SIGTERM', () => {
  const persistence = getPersistence() as { provider?: LeveldbProvider } | null;
  const closing = persistence?.provider?.destroy() ?? Promise.resolve();
  closing.then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('closing y-leveldb failed', error);
      process.exit(1);
    },
  );
});

const packageRoot = path.dirname(createRequire(import.meta.url).resolve('@y/websocket-server/package.json'));
await import(pathToFileURL(path.join(packageRoot, 'src', 'server.js')).href);
