import { AppError } from '@wethink/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { silentLogger } from '../../src/logger';
import { openPostgres } from '../../src/storage/postgres/postgres-database';
import {
  createTestDatabase,
  dropTestDatabases,
  isPostgresAnswering,
  newRunPrefix,
  startPrivatePostgres,
  type PrivatePostgres,
} from './postgres';

describe('createTestDatabase', () => {
  it('gives each caller its own empty database, and drops it', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    expect(a.url).not.toBe(b.url);
    const db = await openPostgres({ databaseUrl: a.url, logger: silentLogger });
    await db.query('CREATE TABLE only_in_a (n INT)');
    await db.close();
    const other = await openPostgres({ databaseUrl: b.url, logger: silentLogger });
    expect((await other.query("SELECT to_regclass('only_in_a') AS t")).rows).toEqual([{ t: null }]);
    await other.close();
    await Promise.all([a.drop(), b.drop()]);
    expect(await isPostgresAnswering(a.url)).toBe(false);
  });
});

describe('dropTestDatabases', () => {
  it("drops a run's leftover databases and no other run's", async () => {
    const adminUrl = inject('postgresAdminUrl');
    const [mine, theirs] = [newRunPrefix(), newRunPrefix()];
    const left = await Promise.all(
      [mine, mine, theirs].map((prefix) => createTestDatabase(adminUrl, prefix)),
    );
    await dropTestDatabases(adminUrl, mine);
    expect(await Promise.all(left.map((database) => isPostgresAnswering(database.url)))).toEqual([
      false,
      false,
      true,
    ]);
    await left[2]!.drop();
  });

  it('refuses a prefix that is not a run prefix', async () => {
    await expect(dropTestDatabases(inject('postgresAdminUrl'), 'wethink_')).rejects.toThrow(RangeError);
  });
});

describe('startPrivatePostgres', () => {
  let cluster: PrivatePostgres;

  beforeAll(async () => {
    cluster = await startPrivatePostgres();
  });
  afterAll(async () => {
    await cluster?.destroy();
  });

  it('starts a server that stops, starts again, survives a kill and keeps committed data', async () => {
    const db = await openPostgres({ databaseUrl: cluster.url, logger: silentLogger, connectTimeoutMs: 2000 });
    try {
      await db.query('CREATE TABLE kept (n INT)');
      await db.query('INSERT INTO kept VALUES (1)');

      await cluster.stop();
      expect(await isPostgresAnswering(cluster.url)).toBe(false);
      const refused = await db.query('SELECT 1').catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(AppError);
      expect(refused).toMatchObject({ code: 'storage-unavailable', httpStatus: 503 });

      await cluster.start();
      // The pool replaces the connections the stop ended: the same database object works again.
      expect((await db.query('SELECT n FROM kept')).rows).toEqual([{ n: 1 }]);

      await db.query('INSERT INTO kept VALUES (2)');
      await cluster.kill();
      await expect(db.transaction((tx) => tx.query('SELECT 1'))).rejects.toMatchObject({
        code: 'storage-unavailable',
      });
      await cluster.start();
      expect((await db.query('SELECT n FROM kept ORDER BY n')).rows).toEqual([{ n: 1 }, { n: 2 }]);
    } finally {
      await db.close();
    }
  });

  it('makes openPostgres reject as storage-unavailable while the server is down', async () => {
    await cluster.stop();
    try {
      await expect(
        openPostgres({ databaseUrl: cluster.url, logger: silentLogger, connectTimeoutMs: 2000 }),
      ).rejects.toMatchObject({ code: 'storage-unavailable' });
    } finally {
      await cluster.start();
    }
  });
});
