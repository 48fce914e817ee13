import type { TableCopier } from './table-copiers';

export type Row = Record<string, unknown>;

/** Reads the tables of one side of a migration. */
export interface TableReader {
  count(copier: TableCopier): Promise<number>;
  /** At most `limit` rows in key order, after the row whose key is `after` (null: from the start). */
  page(copier: TableCopier, after: readonly unknown[] | null, limit: number): Promise<Row[]>;
}

/** Writes the tables of the target side, inside `TableEndpoint.write`. */
export interface TableWriter {
  insert(copier: TableCopier, rows: readonly Row[]): Promise<void>;
  /** After a table's last insert (PostgreSQL moves identity sequences past the copied ids). */
  finish(copier: TableCopier): Promise<void>;
}

/** One side of a migration: a SQLite data dir or a PostgreSQL database, schema up to date. */
export interface TableEndpoint extends TableReader {
  /** Where it is, safe to print (no password). */
  readonly label: string;
  /** Runs `fn`; what it wrote is committed when it resolves and rolled back when it throws. */
  write<T>(fn: (writer: TableWriter) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
