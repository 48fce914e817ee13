import { AppError } from '@wethink/shared';
import type { Logger } from '../logger';
import { copyTables, type TableReport } from './copy-tables';
import { openPostgresTables } from './postgres-tables';
import { openSqliteTables } from './sqlite-tables';
import { tableCopiers, type TableCopier } from './table-copiers';
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
}): Promise<{ from: string; to: string; tables: TableReport[] }> {
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
      return { from: from.label, to: to.label, tables };
    } finally {
      await to.close();
    }
  } finally {
    await from.close();
  }
}
