import { createHash } from 'node:crypto';
import { AppError } from '@wethink/shared';
import type { TableCopier } from './table-copiers';
import type { Row, TableEndpoint, TableReader } from './table-endpoint';

const PAGE_ROWS = 1000;

export interface TableReport {
  table: string;
  rows: number;
}

/**
 * Copies every table from `from` to `to` (which must be empty) in one write, then verifies each
 * table: the same row count on both sides and the same digest of its rows' values. Resolves with
 * the row count per table; rejects with AppError('conflict') for a target that has data and
 * AppError('internal') when verification finds a difference.
 */
export async function copyTables(options: {
  from: TableEndpoint;
  to: TableEndpoint;
  copiers: readonly TableCopier[];
}): Promise<TableReport[]> {
  const { from, to, copiers } = options;
  for (const copier of copiers) {
    const existing = await to.count(copier);
    if (existing > 0)
      throw new AppError('conflict', `${to.label} is not empty: ${copier.table} has ${existing} rows`);
  }
  await to.write(async (writer) => {
    for (const copier of copiers) {
      for await (const rows of pages(from, copier)) await writer.insert(copier, rows);
      await writer.finish(copier);
    }
  });
  const reports: TableReport[] = [];
  for (const copier of copiers) {
    const [source, target] = await Promise.all([summarize(from, copier), summarize(to, copier)]);
    if (source.rows !== target.rows || source.digest !== target.digest) {
      throw new AppError(
        'internal',
        `verification failed for ${copier.table}: ${source.rows} rows in ${from.label}, ${target.rows} in ${to.label}` +
          (source.rows === target.rows ? ', values differ' : ''),
      );
    }
    reports.push({ table: copier.table, rows: source.rows });
  }
  return reports;
}

async function* pages(reader: TableReader, copier: TableCopier): AsyncGenerator<Row[]> {
  let after: unknown[] | null = null;
  for (;;) {
    const rows = await reader.page(copier, after, PAGE_ROWS);
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1]!;
    after = copier.key.map((column) => last[column]);
  }
}

/**
 * Row count and a digest of the table's values that does not depend on row order (the two sides
 * may order text keys differently): each row's canonical form is hashed, the hashes sorted.
 */
async function summarize(
  reader: TableReader,
  copier: TableCopier,
): Promise<{ rows: number; digest: string }> {
  const rowHashes: string[] = [];
  for await (const rows of pages(reader, copier)) {
    for (const row of rows) {
      const canonical = JSON.stringify(copier.columns.map((column) => canonicalValue(row[column])));
      rowHashes.push(createHash('sha256').update(canonical).digest('hex'));
    }
  }
  const count = await reader.count(copier);
  return { rows: count, digest: createHash('sha256').update(rowHashes.sort().join('')).digest('hex') };
}

/** One spelling per value whichever database it came from (int8 as number, bytes as hex). */
function canonicalValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'bigint') return `n${String(value)}`;
  if (typeof value === 'string') return `s${value}`;
  if (value instanceof Uint8Array) return `x${Buffer.from(value).toString('hex')}`;
  if (value instanceof ArrayBuffer) return `x${Buffer.from(value).toString('hex')}`;
  throw new Error(`cannot compare a ${typeof value} value: ${String(value)}`);
}
