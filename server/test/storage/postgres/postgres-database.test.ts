import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger';
import {
  IsolationLevel,
  openPostgres,
  type PostgresDatabase,
} from '../../../src/storage/postgres/postgres-database';
import { migratePostgres, postgresMigrationsDir } from '../../../src/storage/postgres/postgres-migrations';
import { createTestDatabase, type TestDatabase } from '../../support/postgres';
import { makeTempDir } from '../../start-test-server';

const migrationNames = fs
  .readdirSync(postgresMigrationsDir)
  .filter((file) => file.endsWith('.sql'))
  .map((file) => file.replace(/\.sql$/, ''))
  .sort();

describe('openPostgres', () => {
  let database: TestDatabase;
  let db: PostgresDatabase;
  const extra: TestDatabase[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openPostgres({ databaseUrl: database.url, logger: silentLogger });
    await db.query('CREATE TABLE scratch (n INT PRIMARY KEY)');
  });
  afterEach(async () => {
    await db.query('DELETE FROM scratch');
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
    for (const other of extra) await other.drop();
  });

  const applied = async (on: PostgresDatabase) =>
    (await on.query<{ name: string }>('SELECT name FROM pgmigrations ORDER BY run_on, id')).rows.map(
      (row) => row.name,
    );

  it('applies every migration file once, in number order', async () => {
    expect(migrationNames.slice(0, 2)).toEqual(['0001-accounts', '0002-notifications']);
    expect(await applied(db)).toEqual(migrationNames);
    const tables = await db.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    expect(tables.rows.map((row) => row.tablename)).toEqual(
      expect.arrayContaining(['books', 'invites', 'members', 'notifications', 'sessions', 'users']),
    );
  });

  it('applies nothing when opened again, and keeps the data', async () => {
    await db.query('INSERT INTO scratch VALUES (1)');
    const again = await openPostgres({ databaseUrl: database.url, logger: silentLogger });
    try {
      expect(await applied(again)).toEqual(migrationNames);
      expect((await again.query('SELECT n FROM scratch')).rows).toEqual([{ n: 1 }]);
    } finally {
      await again.close();
    }
  });

  it('lets two instances that start at once on an empty database both come up', async () => {
    const fresh = await createTestDatabase();
    extra.push(fresh);
    const both = await Promise.all([
      openPostgres({ databaseUrl: fresh.url, logger: silentLogger }),
      openPostgres({ databaseUrl: fresh.url, logger: silentLogger }),
    ]);
    try {
      expect(await applied(both[0])).toEqual(migrationNames);
    } finally {
      await Promise.all(both.map((instance) => instance.close()));
    }
  });

  it('rolls back every pending migration when one fails', async () => {
    const fresh = await createTestDatabase();
    extra.push(fresh);
    const dir = makeTempDir();
    fs.writeFileSync(path.join(dir, '0001-good.sql'), '-- Up Migration\nCREATE TABLE good (n INT);\n');
    fs.writeFileSync(path.join(dir, '0002-bad.sql'), '-- Up Migration\nCREATE TABLE bad (n NOT_A_TYPE);\n');
    const pool = new pg.Pool({ connectionString: fresh.url });
    try {
      await expect(migratePostgres({ pool, logger: silentLogger, dir })).rejects.toThrow(/not_a_type/);
      const good = await pool.query("SELECT to_regclass('good') AS t");
      expect(good.rows).toEqual([{ t: null }]);
    } finally {
      await pool.end();
    }
  });

  it('commits a transaction whose function resolves', async () => {
    const result = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO scratch VALUES (1), (2)');
      return 'done';
    });
    expect(result).toBe('done');
    expect((await db.query('SELECT count(*) AS n FROM scratch')).rows).toEqual([{ n: 2 }]);
  });

  it('rolls back a transaction whose function throws, and rethrows its error', async () => {
    const failure = new Error('changed my mind');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO scratch VALUES (1)');
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect((await db.query('SELECT count(*) AS n FROM scratch')).rows).toEqual([{ n: 0 }]);
  });

  it('rolls back a transaction whose statement fails, and returns a usable connection', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO scratch VALUES (1)');
        await tx.query('INSERT INTO scratch VALUES (1)');
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect((await db.query('SELECT count(*) AS n FROM scratch')).rows).toEqual([{ n: 0 }]);
  });

  it('runs a transaction at the isolation level asked for', async () => {
    const level = (isolationLevel?: IsolationLevel) =>
      db.transaction(
        async (tx) =>
          (await tx.query<{ level: string }>("SELECT current_setting('transaction_isolation') AS level"))
            .rows[0]!.level,
        isolationLevel ? { isolationLevel } : {},
      );
    expect(await level()).toBe('read committed');
    expect(await level(IsolationLevel.repeatableRead)).toBe('repeatable read');
    expect(await level(IsolationLevel.serializable)).toBe('serializable');
  });

  it('keeps a REPEATABLE READ snapshot across statements while others commit', async () => {
    await db.query('INSERT INTO scratch VALUES (1)');
    const counts = await db.transaction(
      async (tx) => {
        const before = (await tx.query<{ n: number }>('SELECT count(*) AS n FROM scratch')).rows[0]!.n;
        await db.query('INSERT INTO scratch VALUES (2)');
        const after = (await tx.query<{ n: number }>('SELECT count(*) AS n FROM scratch')).rows[0]!.n;
        return { before, after };
      },
      { isolationLevel: IsolationLevel.repeatableRead },
    );
    expect(counts).toEqual({ before: 1, after: 1 });
  });

  it('reads int8 values as numbers', async () => {
    const { rows } = await db.query('SELECT 1776000000000::bigint AS at, count(*) AS n FROM scratch');
    expect(rows).toEqual([{ at: 1776000000000, n: 0 }]);
  });
});
