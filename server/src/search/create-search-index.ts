import type { Config } from '../config';
import type { DocumentStore } from '../storage/document-store';
import type { PostgresDatabase } from '../storage/postgres/postgres-database';
import { SqliteDocumentStore } from '../storage/sqlite-store';
import { MemorySearchIndex } from './memory-search-index';
import { PostgresSearchIndex } from './postgres-search-index';
import { SqliteSearchIndex } from './sqlite-search-index';

/**
 * The search index that goes with the document store: FTS5 in its SQLite file, tsvector tables in
 * its PostgreSQL database, else (memory, or a store handed in by a test) in memory.
 */
export function createSearchIndex(config: Config, store: DocumentStore, postgres: PostgresDatabase | null) {
  if (config.storage === 'postgres' && postgres !== null) return new PostgresSearchIndex(postgres);
  if (store instanceof SqliteDocumentStore) return SqliteSearchIndex.open(store.filePath);
  return new MemorySearchIndex();
}
