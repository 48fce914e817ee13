import path from 'node:path';
import { afterAll, describe } from 'vitest';
import type { AccountStore } from '../../src/accounts/account-store';
import { MemoryAccountStore } from '../../src/accounts/memory-account-store';
import { PostgresAccountStore } from '../../src/accounts/postgres-account-store';
import { SqliteAccountStore } from '../../src/accounts/sqlite-account-store';
import { makeTempDir } from '../start-test-server';
import { usePostgresDatabase } from '../support/postgres-database';
import { accountStoreContract } from './account-store.contract';
import { memberColorsContract } from './member-colors.contract';

/** Closes every store a suite opened, after the file. */
function opened(): { track: (store: AccountStore) => AccountStore; closeAll: () => Promise<void> } {
  const stores: AccountStore[] = [];
  return {
    track: (store) => (stores.push(store), store),
    closeAll: async () => {
      await Promise.all(stores.map((store) => store.close()));
    },
  };
}

describe('MemoryAccountStore', () => {
  accountStoreContract(async () => new MemoryAccountStore());
  memberColorsContract(async () => new MemoryAccountStore());
});

describe('SqliteAccountStore', () => {
  const stores = opened();
  afterAll(stores.closeAll);
  // A real file per test, as the server keeps it (WAL and all).
  const openSqlite = async () =>
    stores.track(SqliteAccountStore.open(path.join(makeTempDir(), 'accounts.sqlite')));
  accountStoreContract(openSqlite);
  memberColorsContract(openSqlite);
});

describe('PostgresAccountStore', () => {
  const db = usePostgresDatabase();
  // One migrated database for the file, emptied before each test.
  const openPostgresStore = async () => {
    await db().query(
      'TRUNCATE users, sessions, books, members, invites, notifications RESTART IDENTITY CASCADE',
    );
    return new PostgresAccountStore(db());
  };
  accountStoreContract(openPostgresStore);
  memberColorsContract(openPostgresStore);
});
