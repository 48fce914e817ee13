import path from 'node:path';
import { describe } from 'vitest';
import { PostgresDocumentStore } from '../../src/storage/postgres-document-store';
import { usePostgresDatabase } from '../support/postgres-database';
import { MemoryDocumentStore } from '../../src/storage/memory-store';
import { SqliteDocumentStore } from '../../src/storage/sqlite-store';
import { makeTempDir } from '../start-test-server';
import { documentStoreContract } from './document-store.contract';
import { documentPurgeContract } from './document-purge.contract';

documentStoreContract('MemoryDocumentStore', () => ({ store: new MemoryDocumentStore() }));
documentPurgeContract('MemoryDocumentStore', () => ({ store: new MemoryDocumentStore() }));

const sqliteHandle = () => {
  const filePath = path.join(makeTempDir(), 'wethink.sqlite');
  return { store: SqliteDocumentStore.open(filePath), reopen: () => SqliteDocumentStore.open(filePath) };
};
documentStoreContract('SqliteDocumentStore', sqliteHandle);
documentPurgeContract('SqliteDocumentStore', sqliteHandle);

describe('PostgresDocumentStore', () => {
  const db = usePostgresDatabase();
  // One migrated database for the file, emptied before each test; a reopen is a new store on it.
  const postgresHandle = async () => {
    await db().query(
      'TRUNCATE doc_heads, updates, documents, client_owners, contributions, deletions, versions RESTART IDENTITY',
    );
    return { store: new PostgresDocumentStore(db()), reopen: () => new PostgresDocumentStore(db()) };
  };
  documentStoreContract('PostgresDocumentStore', postgresHandle);
  documentPurgeContract('PostgresDocumentStore', postgresHandle);
});
