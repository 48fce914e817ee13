import fs from 'node:fs';
import path from 'node:path';
import type Database from 'libsql';
import { migrationsRoot } from '../server-root';

/** Applies `migrations/<set>/*.sql` in name order, each once, tracked in `PRAGMA user_version`. */
export function migrate(db: Database.Database, set: string): void {
  const dir = path.join(migrationsRoot, set);
  const files = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort();
  // libsql ignores pragma()'s `simple` option: read the row.
  const current = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version);
  files.forEach((file, index) => {
    const version = index + 1;
    if (version <= current) return;
    const sql = fs.readFileSync(path.join(dir, file), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    })();
  });
}
