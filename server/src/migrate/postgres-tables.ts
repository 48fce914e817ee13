import type { Logger } from '../logger';
import { openPostgres, type Queryable } from '../storage/postgres/postgres-database';
import { maskPassword } from '../storage/postgres/postgres-url';
import type { Row, TableEndpoint, TableWriter } from './table-endpoint';

/** PostgreSQL allows 65,535 parameters per statement; a batch stays well below. */
const MAX_PARAMETERS = 30_000;

/** A PostgreSQL database as a migration side, its schema migrated on open. */
export async function openPostgresTables(options: {
  databaseUrl: string;
  logger: Logger;
}): Promise<TableEndpoint> {
  const db = await openPostgres({ databaseUrl: options.databaseUrl, logger: options.logger, poolSize: 2 });
  const writerOn = (tx: Queryable): TableWriter => ({
    async insert(copier, rows) {
      const perBatch = Math.max(1, Math.floor(MAX_PARAMETERS / copier.columns.length));
      for (let start = 0; start < rows.length; start += perBatch) {
        const batch = rows.slice(start, start + perBatch);
        const values = batch.flatMap((row) => copier.columns.map((column) => row[column]));
        const tuples = batch.map(
          (_, i) => `(${copier.columns.map((_c, j) => `$${i * copier.columns.length + j + 1}`).join(', ')})`,
        );
        await tx.query(
          `INSERT INTO ${copier.table} (${copier.columns.join(', ')}) VALUES ${tuples.join(', ')}`,
          values,
        );
      }
    },
    async finish(copier) {
      if (!copier.identity) return;
      // Rows came with their ids: the identity's next value must follow the largest of them.
      await tx.query(
        `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX(${copier.identity}), 0) + 1, false)
           FROM ${copier.table}`,
        [copier.table, copier.identity],
      );
    },
  });
  return {
    label: maskPassword(options.databaseUrl),
    async count(copier) {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${copier.table}`);
      return rows[0]!.n;
    },
    async page(copier, after, limit) {
      const keys = copier.key.join(', ');
      const where = after ? `WHERE (${keys}) > (${copier.key.map((_, i) => `$${i + 1}`).join(', ')})` : '';
      const { rows } = await db.query<Row>(
        `SELECT ${copier.columns.join(', ')} FROM ${copier.table} ${where} ORDER BY ${keys}
           LIMIT $${(after?.length ?? 0) + 1}`,
        [...(after ?? []), limit],
      );
      return rows;
    },
    write: (fn) => db.transaction((tx) => fn(writerOn(tx))),
    close: () => db.close(),
  };
}
