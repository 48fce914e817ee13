import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { silentLogger } from '../../src/logger';
import { PostgresDocumentStore } from '../../src/storage/postgres-document-store';
import { openPostgres, type PostgresDatabase } from '../../src/storage/postgres/postgres-database';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
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
  let database: TestDatabase;
  let db: PostgresDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openPostgres({ databaseUrl: database.url, logger: silentLogger });
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });
  // One migrated database for the file, emptied before each test; a reopen is a new store on it.
  const postgresHandle = async () => {
    await db.query(
      'TRUNCATE doc_heads, updates, documents, client_owners, contributions, deletions, versions RESTART IDENTITY',
    );
    return { store: new PostgresDocumentStore(db), reopen: () => new PostgresDocumentStore(db) };
  };
  documentStoreContract('PostgresDocumentStore', postgresHandle);
  documentPurgeContract('PostgresDocumentStore', postgresHandle);
});
