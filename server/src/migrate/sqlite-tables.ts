import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import { AppError } from '@wethink/shared';
import { migrate } from '../storage/sqlite-migrations';
import type { SqliteFile, TableCopier } from './table-copiers';
import type { Row, TableEndpoint, TableWriter } from './table-endpoint';

/**
 * The SQLite files of a data dir as a migration side. As a source every file must exist; as a
 * target missing files are created. Either way each file's schema is migrated first, as the
 * server does when it starts.
 */
export function openSqliteTables(options: {
  dataDir: string;
  copiers: readonly TableCopier[];
  isTarget: boolean;
}): TableEndpoint {
  const { dataDir, isTarget } = options;
  const files = [...new Map(options.copiers.map((copier) => [copier.file.name, copier.file])).values()];
  if (!isTarget) {
    const missing = files.filter((file) => !fs.existsSync(path.join(dataDir, file.name)));
    if (missing.length > 0)
      throw new AppError('not-found', `no ${missing.map((f) => f.name).join(', ')} in ${dataDir}`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const databases = new Map(files.map((file) => [file.name, openFile(dataDir, file)]));
  const dbOf = (copier: TableCopier) => databases.get(copier.file.name)!;

  const writer: TableWriter = {
    async insert(copier, rows) {
      const statement = dbOf(copier).prepare(
        `INSERT INTO ${copier.table} (${copier.columns.join(', ')}) VALUES (${copier.columns.map(() => '?').join(', ')})`,
      );
      for (const row of rows) statement.run(...copier.columns.map((column) => row[column]));
    },
    // AUTOINCREMENT keeps sqlite_sequence past explicitly inserted ids by itself.
    async finish() {},
  };

  return {
    label: `sqlite:${dataDir}`,
    async count(copier) {
      const row = dbOf(copier).prepare(`SELECT COUNT(*) AS n FROM ${copier.table}`).get() as Row;
      return Number(row.n);
    },
    async page(copier, after, limit) {
      const keys = copier.key.join(', ');
      const where = after ? `WHERE (${keys}) > (${copier.key.map(() => '?').join(', ')})` : '';
      const rows = dbOf(copier)
        .prepare(`SELECT ${copier.columns.join(', ')} FROM ${copier.table} ${where} ORDER BY ${keys} LIMIT ?`)
        .all(...(after ?? []), limit) as Row[];
      // libsql returns BLOBs as ArrayBuffer; bytes cross to the other side as a Buffer.
      return rows.map((row) => {
        for (const [column, value] of Object.entries(row)) {
          if (value instanceof ArrayBuffer) row[column] = Buffer.from(value);
        }
        return row;
      });
    },
    async write(fn) {
      // One transaction per file, committed together at the end (a failure between two commits
      // leaves a partly written target; the target was empty, so delete it and run again).
      for (const db of databases.values()) db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(writer);
        for (const db of databases.values()) db.exec('COMMIT');
        return result;
      } catch (error) {
        for (const db of databases.values()) if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    },
    async close() {
      for (const db of databases.values()) db.close();
    },
  };
}

function openFile(dataDir: string, file: SqliteFile): Database.Database {
  const db = new Database(path.join(dataDir, file.name));
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, file.migrations);
  return db;
}
