import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The server package's folder, from wherever this code runs: `src/` through tsx, or the bundle in
 * `dist/` (one file, so `import.meta.url` no longer says which module asked). Files the server
 * reads at run time (SQL migrations, the client's default dist) are found from here.
 */
export const serverRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** The SQL migration files (kept in the source tree; the bundle reads them from there). */
export const migrationsRoot = path.join(serverRoot, 'src', 'storage', 'migrations');
