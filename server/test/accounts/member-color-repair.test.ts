import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import { memberColorProblem } from '@wethink/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountStore } from '../../src/accounts/account-store';
import { PostgresAccountStore } from '../../src/accounts/postgres-account-store';
import { silentLogger } from '../../src/logger';
import { migrationsRoot } from '../../src/server-root';
import { openPostgres, type PostgresDatabase } from '../../src/storage/postgres/postgres-database';
import { makeTempDir, startTestServer } from '../start-test-server';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

// Books as the server kept them before colours were chosen per book: each membership had its
// account colour, drawn at random from a small palette, so the reviewer and the reader of "b1"
// share a purple (what the people who tried wethink saw).
const USERS = [
  ['u_ada', 'Ada', '#1971c2'],
  ['u_ben', 'Ben', '#5f3dc4'],
  ['u_cy', 'Cy', '#5f3dc4'],
] as const;
const MEMBERS = [
  ['b1', 'u_ada', 'owner'],
  ['b1', 'u_ben', 'reviewer'],
  ['b1', 'u_cy', 'reader'],
  ['b2', 'u_cy', 'owner'],
  ['b2', 'u_ada', 'author'],
] as const;

const colorsIn = async (store: AccountStore, bookId: string) =>
  Object.fromEntries((await store.listMembers(bookId)).map((member) => [member.name, member.color]));

/** b1's clash is gone, the first of the two (by role) kept the colour, b2 (no clash) is as it was. */
async function expectRepaired(store: AccountStore): Promise<void> {
  const b1 = await colorsIn(store, 'b1');
  expect(b1.Ada).toBe('#1971c2');
  expect(b1.Ben).toBe('#5f3dc4');
  expect(b1.Cy).not.toBe('#5f3dc4');
  expect(memberColorProblem(b1.Cy!, [b1.Ada!, b1.Ben!])).toBeNull();
  expect(await colorsIn(store, 'b2')).toEqual({ Ada: '#1971c2', Cy: '#5f3dc4' });
}

describe('members whose colours clash in a book (made before colours were per book)', () => {
  it('get distinct ones when the server starts on SQLite, once', async () => {
    const dataDir = makeTempDir();
    const old = new Database(path.join(dataDir, 'accounts.sqlite'));
    const dir = path.join(migrationsRoot, 'sqlite-accounts');
    for (const name of ['001-accounts.sql', '002-notifications.sql', '003-invite-limits.sql']) {
      old.exec(fs.readFileSync(path.join(dir, name), 'utf8'));
    }
    old.pragma('user_version = 3');
    for (const [id, name, color] of USERS) {
      old
        .prepare(
          'INSERT INTO users (id, email, name, color, password_hash, created_at) VALUES (?, ?, ?, ?, ?, 1)',
        )
        .run(id, `${id}@test.invalid`, name, color, 'x');
    }
    for (const book of ['b1', 'b2'])
      old.prepare('INSERT INTO books (id, title, created_at) VALUES (?, ?, 1)').run(book, book);
    for (const [book, user, role] of MEMBERS) {
      old.prepare('INSERT INTO members (book_id, user_id, role) VALUES (?, ?, ?)').run(book, user, role);
    }
    old.close();

    const first = await startTestServer({ DATA_DIR: dataDir, STORAGE: 'sqlite' });
    let repaired: Record<string, string>;
    try {
      await expectRepaired(first.accountStore);
      repaired = await colorsIn(first.accountStore, 'b1');
      // Done once: a member's own later choice is not undone by the next start.
      expect(await first.accountStore.setMemberColor('b1', 'u_ada', '#1b7a3a')).toBe('done');
    } finally {
      await first.stop();
    }
    const second = await startTestServer({ DATA_DIR: dataDir, STORAGE: 'sqlite' });
    try {
      expect(await colorsIn(second.accountStore, 'b1')).toEqual({ ...repaired, Ada: '#1b7a3a' });
      expect(await second.accountStore.separateClashingColors()).toBe(0);
    } finally {
      await second.stop();
    }
  });

  describe('on PostgreSQL', () => {
    let database: TestDatabase;
    const pools: PostgresDatabase[] = [];
    const open = async () => {
      const db = await openPostgres({ databaseUrl: database.url, logger: silentLogger });
      pools.push(db);
      return db;
    };
    beforeAll(async () => {
      database = await createTestDatabase();
    });
    afterAll(async () => {
      await Promise.all(pools.map((db) => db.close()));
      await database?.drop();
    });

    it('get distinct ones once, however many instances start at the same time', async () => {
      const db = await open();
      // As migration 0111 left old memberships: their account colours copied.
      for (const [id, name, color] of USERS) {
        await db.query(
          'INSERT INTO users (id, email, name, color, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, 1)',
          [id, `${id}@test.invalid`, name, color, 'x'],
        );
      }
      for (const book of ['b1', 'b2']) {
        await db.query('INSERT INTO books (id, title, created_at) VALUES ($1, $1, 1)', [book]);
      }
      for (const [book, user, role] of MEMBERS) {
        await db.query(
          `INSERT INTO members (book_id, user_id, role, color)
             SELECT $1, $2, $3, color FROM users WHERE id = $2`,
          [book, user, role],
        );
      }
      const instances = [
        new PostgresAccountStore(db),
        new PostgresAccountStore(await open()),
        new PostgresAccountStore(await open()),
      ];
      const counts = await Promise.all(instances.map((store) => store.separateClashingColors()));
      expect(counts.sort()).toEqual([0, 0, 1]);
      await expectRepaired(instances[0]!);
      expect(await instances[1]!.separateClashingColors()).toBe(0);
    });
  });
});
