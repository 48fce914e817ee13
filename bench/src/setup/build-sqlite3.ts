// Builds the native sqlite3 module behind @hocuspocus/extension-sqlite. pnpm skips its install
// script (it is not in the workspace's onlyBuiltDependencies) and its prebuilt binaries live on
// GitHub, so this runs the package's own install script, which falls back to node-gyp (~1 min).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const fromExtension = createRequire(createRequire(import.meta.url).resolve('@hocuspocus/extension-sqlite'));
const sqlite3Dir = path.dirname(fromExtension.resolve('sqlite3/package.json'));
console.log(`building sqlite3 in ${sqlite3Dir}`);
const result = spawnSync('npm', ['run', 'install'], { cwd: sqlite3Dir, stdio: 'inherit' });
if (result.status !== 0) {
  console.error(`sqlite3 build failed (exit ${result.status}); see the node-gyp output above`);
  process.exit(1);
}
console.log('sqlite3 built');
