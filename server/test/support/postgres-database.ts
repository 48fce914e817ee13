import { afterAll, beforeAll } from 'vitest';
import { silentLogger } from '../../src/logger';
import { openPostgres, type PostgresDatabase } from '../../src/storage/postgres/postgres-database';
import { createTestDatabase, type TestDatabase } from './postgres';

/**
 * A fresh, migrated database for the enclosing suite (or file): created before its tests, closed
 * and dropped after them. The getter is for use inside tests and the factories they call.
 */
export function usePostgresDatabase(): () => PostgresDatabase {
  let database: TestDatabase | undefined;
  let db: PostgresDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openPostgres({ databaseUrl: database.url, logger: silentLogger });
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });
  return () => {
    if (db === undefined)
      throw new Error('the suite’s database opens before its tests, not while they are collected');
    return db;
  };
}
