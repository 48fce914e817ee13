import { AppError } from '@wethink/shared';
import type { Logger } from '../logger';
import { copyTables, type TableReport } from './copy-tables';
import { openPostgresTables } from './postgres-tables';
import { openSqliteTables } from './sqlite-tables';
import path from 'node:path';
import type { DocumentStore } from '../storage/document-store';
import { PostgresDocumentStore } from '../storage/postgres-document-store';
import { openPostgres } from '../storage/postgres/postgres-database';
import { SqliteDocumentStore } from '../storage/sqlite-store';
import { copyDocuments } from './copy-documents';
import { documentsFile, tableCopiers, type TableCopier } from './table-copiers';
import type { TableEndpoint } from './table-endpoint';

/** `sqlite:<DATA_DIR>` or a `postgres://` / `postgresql://` URL. */
export type DataLocation = { kind: 'sqlite'; dataDir: string } | { kind: 'postgres'; url: string };

export function parseDataLocation(text: string): DataLocation {
  if (text.startsWith('sqlite:') && text.length > 'sqlite:'.length)
    return { kind: 'sqlite', dataDir: text.slice('sqlite:'.length) };
  if (/^postgres(ql)?:\/\/./.test(text)) return { kind: 'postgres', url: text };
  throw new AppError('invalid-request', `not sqlite:<DATA_DIR> nor a postgres:// URL: ${text}`);
}

/**
 * `wethink migrate`: copies everything (see table-copiers.ts) from one storage to another, empty,
 * one and verifies it. The server must not run on either side meanwhile.
 */
export async function migrateData(options: {
  from: DataLocation;
  to: DataLocation;
  logger: Logger;
  copiers?: readonly TableCopier[];
}): Promise<{ from: string; to: string; tables: TableReport[]; documents: number }> {
  const copiers = options.copiers ?? tableCopiers;
  const open = (location: DataLocation, isTarget: boolean): Promise<TableEndpoint> =>
    location.kind === 'sqlite'
      ? Promise.resolve(openSqliteTables({ dataDir: location.dataDir, copiers, isTarget }))
      : openPostgresTables({ databaseUrl: location.url, logger: options.logger });
  const from = await open(options.from, false);
  try {
    const to = await open(options.to, true);
    try {
      const tables = await copyTables({ from, to, copiers });
      const documents = await withDocuments(options.from, options.logger, (source) =>
        withDocuments(options.to, options.logger, (target) => copyDocuments(source, target)),
      );
      return { from: from.label, to: to.label, tables, documents };
    } finally {
      await to.close();
    }
  } finally {
    await from.close();
  }
}

/** The documents at `location` as the server opens them, for the length of `fn`. */
async function withDocuments<T>(
  location: DataLocation,
  logger: Logger,
  fn: (store: DocumentStore) => Promise<T>,
): Promise<T> {
  if (location.kind === 'sqlite') {
    const store = SqliteDocumentStore.open(path.join(location.dataDir, documentsFile.name));
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  }
  const database = await openPostgres({ databaseUrl: location.url, logger });
  try {
    return await fn(new PostgresDocumentStore(database));
  } finally {
    await database.close();
  }
}
