import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { AccountStore } from '../../src/accounts/account-store';
import { PostgresAccountStore } from '../../src/accounts/postgres-account-store';
import { SqliteAccountStore } from '../../src/accounts/sqlite-account-store';
import { silentLogger } from '../../src/logger';
import { copyTables } from '../../src/migrate/copy-tables';
import { migrateData } from '../../src/migrate/migrate-data';
import { openPostgresTables } from '../../src/migrate/postgres-tables';
import { openSqliteTables } from '../../src/migrate/sqlite-tables';
import { tableCopiers } from '../../src/migrate/table-copiers';
import type { TableEndpoint } from '../../src/migrate/table-endpoint';
import { openPostgres } from '../../src/storage/postgres/postgres-database';
import { SqliteDocumentStore } from '../../src/storage/sqlite-store';
import { makeTempDir } from '../start-test-server';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

const databases: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
});
async function freshDatabase(): Promise<string> {
  const database = await createTestDatabase();
  databases.push(database);
  return database.url;
}

/** Names in binary and locale order differ, and one needs more than 16 bits per character. */
const users = [
  { id: 'u_ada', name: 'ada' },
  { id: 'u_bob', name: 'bob' },
  { id: 'u_zoe', name: 'Zoë 🙂' },
];

/** A data dir whose accounts.sqlite has some of everything (expired, revoked and read rows too). */
async function seededDataDir(): Promise<string> {
  const dataDir = makeTempDir();
  const store = SqliteAccountStore.open(path.join(dataDir, 'accounts.sqlite'));
  for (const [i, { id, name }] of users.entries()) {
    await store.createUser({
      id,
      email: `${id}@test.invalid`,
      name,
      color: '#1971c2',
      passwordHash: `scrypt$salt$${i}`,
      createdAt: 1_776_000_000_000 + i,
    });
  }
  await store.createSession('live', 'u_ada', 9_000_000_000_000);
  await store.createSession('expired', 'u_bob', 1000);
  await store.createBook({ id: 'b1', title: 'It\'s "one"', createdAt: 1000 }, 'u_ada');
  await store.createBook({ id: 'b2', title: 'Twö', createdAt: 2000 }, 'u_bob');
  await store.setRole('b1', 'u_bob', 'author');
  await store.setRole('b1', 'u_zoe', 'reader');
  await store.createInvite({
    id: 'i1',
    code: 'c1',
    bookId: 'b1',
    role: 'reviewer',
    createdBy: 'u_ada',
    createdAt: 3000,
    revokedAt: 4000,
    expiresAt: 9000,
    maxUses: 3,
    useCount: 2,
  });
  await store.createInvite({
    id: 'i2',
    code: 'c2',
    bookId: 'b1',
    role: 'author',
    createdBy: 'u_ada',
    createdAt: 3500,
    revokedAt: null,
    expiresAt: null,
    maxUses: null,
    useCount: 0,
  });
  const mention = (userId: string, commentId: string) => ({
    userId,
    kind: 'mention' as const,
    bookId: 'b1',
    chapterId: 'c1',
    threadId: 't1',
    commentId,
    fromUserId: 'u_ada',
    excerpt: `@${userId} look at ${commentId}`,
    createdAt: 5000,
  });
  await store.addNotifications([mention('u_bob', 'k1'), mention('u_zoe', 'k1'), mention('u_bob', 'k2')]);
  const [latest] = await store.listNotifications('u_bob', 1);
  await store.markNotificationsRead('u_bob', [latest!.id], 6000);
  await store.close();
  // A data dir always has its documents file (empty here: migrate-documents.test.ts fills one).
  await SqliteDocumentStore.open(path.join(dataDir, 'wethink.sqlite')).close();
  return dataDir;
}

/** Everything the account store answers about the seeded data, to compare across storages. */
async function snapshot(store: AccountStore) {
  const ids = users.map((user) => user.id);
  return {
    users: await Promise.all(ids.map((id) => store.findUserById(id))),
    sessions: await Promise.all(['live', 'expired'].map((hash) => store.findSessionUser(hash, 0))),
    books: await Promise.all(ids.map((id) => store.listBooksOf(id))),
    members: await Promise.all(['b1', 'b2'].map((id) => store.listMembers(id))),
    invites: await store.listInvites('b1'),
    notifications: await Promise.all(ids.map((id) => store.listNotifications(id, 10))),
    unread: await Promise.all(ids.map((id) => store.countUnreadNotifications(id))),
  };
}

async function snapshotOfSqlite(dataDir: string) {
  const store = SqliteAccountStore.open(path.join(dataDir, 'accounts.sqlite'));
  try {
    return await snapshot(store);
  } finally {
    await store.close();
  }
}

async function withPostgresStore<T>(url: string, fn: (store: AccountStore) => Promise<T>): Promise<T> {
  const db = await openPostgres({ databaseUrl: url, logger: silentLogger });
  try {
    return await fn(new PostgresAccountStore(db));
  } finally {
    await db.close();
  }
}

describe('wethink migrate', () => {
  it('copies accounts SQLite → PostgreSQL → SQLite and every record reads the same', async () => {
    const source = await seededDataDir();
    const url = await freshDatabase();
    const back = makeTempDir();
    const expected = await snapshotOfSqlite(source);
    expect(expected.notifications[1]).toHaveLength(2); // the seed is what the comparison relies on

    const there = await migrateData({
      from: { kind: 'sqlite', dataDir: source },
      to: { kind: 'postgres', url },
      logger: silentLogger,
    });
    expect(there.tables).toEqual([
      { table: 'users', rows: 3 },
      { table: 'sessions', rows: 2 },
      { table: 'books', rows: 2 },
      { table: 'members', rows: 4 },
      { table: 'invites', rows: 2 },
      { table: 'notifications', rows: 3 },
      { table: 'client_owners', rows: 0 },
      { table: 'contributions', rows: 0 },
      { table: 'deletions', rows: 0 },
      { table: 'versions', rows: 0 },
      { table: 'blobs', rows: 0 },
    ]);
    expect(there.documents).toBe(0);
    expect(await withPostgresStore(url, snapshot)).toEqual(expected);

    await migrateData({
      from: { kind: 'postgres', url },
      to: { kind: 'sqlite', dataDir: back },
      logger: silentLogger,
    });
    expect(await snapshotOfSqlite(back)).toEqual(expected);
  });

  it('continues notification ids after the copied ones on PostgreSQL', async () => {
    const source = await seededDataDir();
    const url = await freshDatabase();
    await migrateData({
      from: { kind: 'sqlite', dataDir: source },
      to: { kind: 'postgres', url },
      logger: silentLogger,
    });
    const fresh = {
      userId: 'u_bob',
      kind: 'mention' as const,
      bookId: 'b1',
      chapterId: 'c1',
      threadId: 't1',
      commentId: 'k9',
      fromUserId: 'u_ada',
      excerpt: 'new',
      createdAt: 7000,
    };
    const listed = await withPostgresStore(url, async (store) => {
      await store.addNotifications([fresh]);
      return store.listNotifications('u_bob', 10);
    });
    expect(listed.map((n) => [n.commentId, n.id])).toEqual([
      ['k9', 4],
      ['k2', 3],
      ['k1', 1],
    ]);
  });

  it('refuses a target that already has data, and leaves it as it was', async () => {
    const source = await seededDataDir();
    const target = await seededDataDir();
    await expect(
      migrateData({
        from: { kind: 'sqlite', dataDir: source },
        to: { kind: 'sqlite', dataDir: target },
        logger: silentLogger,
      }),
    ).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('users has 3 rows') });
    expect((await snapshotOfSqlite(target)).users).toHaveLength(3);
  });

  it('refuses a source data dir without its SQLite files', async () => {
    await expect(
      migrateData({
        from: { kind: 'sqlite', dataDir: makeTempDir() },
        to: { kind: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none' },
        logger: silentLogger,
      }),
    ).rejects.toMatchObject({ code: 'not-found', message: expect.stringContaining('no accounts.sqlite') });
  });

  it('fails verification when the target does not hold what was read', async () => {
    const cases: Array<[string, (rows: readonly Record<string, unknown>[]) => Record<string, unknown>[]]> = [
      ['a lost row', (rows) => rows.slice(1)],
      ['a changed value', (rows) => rows.map((row, i) => (i === 0 ? { ...row, name: 'someone else' } : row))],
    ];
    for (const [what, corrupt] of cases) {
      const from = openSqliteTables({
        dataDir: await seededDataDir(),
        copiers: tableCopiers,
        isTarget: false,
      });
      const to = await openPostgresTables({ databaseUrl: await freshDatabase(), logger: silentLogger });
      // The real target, with an insert that loses or changes what it is given for users.
      const lossy: TableEndpoint = {
        ...to,
        write: (fn) =>
          to.write((writer) =>
            fn({
              ...writer,
              insert: (copier, rows) =>
                writer.insert(copier, copier.table === 'users' ? corrupt(rows) : rows),
            }),
          ),
      };
      try {
        await expect(
          copyTables({ from, to: lossy, copiers: tableCopiers.slice(0, 1) }),
          what,
        ).rejects.toMatchObject({
          code: 'internal',
          message: expect.stringMatching(/^verification failed for users/),
        });
      } finally {
        await from.close();
        await to.close();
      }
    }
  });

  it('runs from the CLI and says what it copied and verified', async () => {
    const source = await seededDataDir();
    const url = await freshDatabase();
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'migrate', '--from', `sqlite:${source}`, '--to', url],
      { cwd: serverDir },
    );
    expect(stdout).toContain('notifications 3\n');
    expect(stdout).toContain(
      `verified: 16 rows in 11 tables and 0 documents copied from sqlite:${source} to ${url}`,
    );
    const refused = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'migrate', '--from', 'mysql://x', '--to', url],
      { cwd: serverDir },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('not sqlite:<DATA_DIR> nor a postgres'),
    });
  });
});
