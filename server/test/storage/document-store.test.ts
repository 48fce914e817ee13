import path from 'node:path';
import { MemoryDocumentStore } from '../../src/storage/memory-store';
import { SqliteDocumentStore } from '../../src/storage/sqlite-store';
import { makeTempDir } from '../start-test-server';
import { documentStoreContract } from './document-store.contract';

documentStoreContract('MemoryDocumentStore', () => ({ store: new MemoryDocumentStore() }));

documentStoreContract('SqliteDocumentStore', () => {
  const filePath = path.join(makeTempDir(), 'wethink.sqlite');
  return { store: SqliteDocumentStore.open(filePath), reopen: () => SqliteDocumentStore.open(filePath) };
});
