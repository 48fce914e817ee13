import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import { describe, expect, it } from 'vitest';
import { SqliteAccountStore } from '../../src/accounts/sqlite-account-store';
import { migrationsRoot } from '../../src/server-root';
import { makeTempDir } from '../start-test-server';

describe('SQLite accounts migration 004 (member colours)', () => {
  it('gives existing memberships their account colour, kept from then on when the account colour changes', async () => {
    const file = path.join(makeTempDir(), 'accounts.sqlite');
    // A database as the server left it before colours were stored per book: migrations 001-003.
    const old = new Database(file);
    const dir = path.join(migrationsRoot, 'sqlite-accounts');
    for (const name of ['001-accounts.sql', '002-notifications.sql', '003-invite-limits.sql']) {
      old.exec(fs.readFileSync(path.join(dir, name), 'utf8'));
    }
    old.pragma('user_version = 3');
    const insertUser = old.prepare(
      'INSERT INTO users (id, email, name, color, password_hash, created_at) VALUES (?, ?, ?, ?, ?, 1)',
    );
    insertUser.run('u_ada', 'ada@test.invalid', 'Ada', '#1f5fbf', 'x');
    insertUser.run('u_ben', 'ben@test.invalid', 'Ben', '#b03a00', 'x');
    old.prepare("INSERT INTO books (id, title, created_at) VALUES ('b1', 'Old', 1)").run();
    old.prepare("INSERT INTO members (book_id, user_id, role) VALUES ('b1', 'u_ada', 'owner')").run();
    old.prepare("INSERT INTO members (book_id, user_id, role) VALUES ('b1', 'u_ben', 'author')").run();
    old.close();

    const store = SqliteAccountStore.open(file);
    try {
      const colors = async () =>
        Object.fromEntries((await store.listMembers('b1')).map((member) => [member.name, member.color]));
      expect(await colors()).toEqual({ Ada: '#1f5fbf', Ben: '#b03a00' });
      // The membership's colour is its own now: a later account change does not move it.
      await store.updateUser('u_ben', { color: '#8e24aa' });
      expect(await colors()).toEqual({ Ada: '#1f5fbf', Ben: '#b03a00' });
    } finally {
      await store.close();
    }
  });
});
