import type { Config } from '../config';
import { MemoryBlobStore, type BlobStore } from '../storage/blob-store';
import type { DocumentStore } from '../storage/document-store';
import { PostgresBlobStore } from '../storage/postgres-blob-store';
import type { PostgresDatabase } from '../storage/postgres/postgres-database';
import { SqliteBlobStore } from '../storage/sqlite-blob-store';
import { SqliteDocumentStore } from '../storage/sqlite-store';

/** The blob store beside the document store: its SQLite file, its PostgreSQL database, or memory. */
export function createBlobStore(
  config: Config,
  store: DocumentStore,
  postgres: PostgresDatabase | null,
): BlobStore {
  if (config.storage === 'postgres' && postgres !== null) return new PostgresBlobStore(postgres);
  if (store instanceof SqliteDocumentStore) return SqliteBlobStore.open(store.filePath);
  return new MemoryBlobStore();
}
