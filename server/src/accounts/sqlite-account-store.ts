import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import type { Role } from '@wethink/shared';
import { migrate } from '../storage/sqlite-migrations';
import type {
  AccountStore,
  BookRecord,
  InviteRecord,
  MemberRecord,
  NewNotification,
  NotificationRecord,
  UserRecord,
} from './account-store';

type Row = Record<string, unknown>;

const toUser = (row: Row): UserRecord => ({
  id: String(row.id),
  email: String(row.email),
  name: String(row.name),
  color: String(row.color),
  passwordHash: String(row.password_hash),
  createdAt: Number(row.created_at),
});

const toInvite = (row: Row): InviteRecord => ({
  id: String(row.id),
  code: String(row.code),
  bookId: String(row.book_id),
  role: row.role as Role,
  createdBy: String(row.created_by),
  createdAt: Number(row.created_at),
  revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
});

const toNotification = (row: Row): NotificationRecord => ({
  id: Number(row.id),
  userId: String(row.user_id),
  kind: 'mention',
  bookId: String(row.book_id),
  chapterId: String(row.chapter_id),
  threadId: String(row.thread_id),
  commentId: String(row.comment_id),
  fromUserId: String(row.from_user_id),
  fromName: String(row.from_name ?? row.from_user_id),
  excerpt: String(row.excerpt),
  createdAt: Number(row.created_at),
  readAt: row.read_at === null ? null : Number(row.read_at),
});

/** Accounts in their own SQLite file (`:memory:` for throwaway runs). */
export class SqliteAccountStore implements AccountStore {
  /** Prepared once per SQL text: a connection's authorization runs several of these. */
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(private readonly db: Database.Database) {}

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  static open(filePath: string): SqliteAccountStore {
    if (filePath !== ':memory:') fs.mkdirSync(path.dirname(filePath), { recursive: true });
    const db = new Database(filePath);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, 'sqlite-accounts');
    return new SqliteAccountStore(db);
  }

  createUser(user: UserRecord): UserRecord | null {
    const result = this.sql(
      `INSERT INTO users (id, email, name, color, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (email) DO NOTHING`,
    ).run(user.id, user.email, user.name, user.color, user.passwordHash, user.createdAt);
    return result.changes === 1 ? user : null;
  }

  findUserById(id: string): UserRecord | null {
    const row = this.sql('SELECT * FROM users WHERE id = ?').get(id) as Row | undefined;
    return row ? toUser(row) : null;
  }

  findUserByEmail(email: string): UserRecord | null {
    const row = this.sql('SELECT * FROM users WHERE email = ?').get(email) as Row | undefined;
    return row ? toUser(row) : null;
  }

  createSession(tokenHash: string, userId: string, expiresAt: number): void {
    this.sql('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)').run(
      tokenHash,
      userId,
      expiresAt,
    );
  }

  findSessionUser(tokenHash: string, now: number): UserRecord | null {
    const row = this.sql(
      'SELECT users.* FROM sessions JOIN users ON users.id = sessions.user_id WHERE token_hash = ? AND expires_at > ?',
    ).get(tokenHash, now) as Row | undefined;
    return row ? toUser(row) : null;
  }

  deleteSession(tokenHash: string): void {
    this.sql('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
  }

  renameBook(id: string, title: string): void {
    this.sql('UPDATE books SET title = ? WHERE id = ?').run(title, id);
  }

  createBook(book: BookRecord, ownerId: string): void {
    this.db.transaction(() => {
      this.sql('INSERT INTO books (id, title, created_at) VALUES (?, ?, ?)').run(
        book.id,
        book.title,
        book.createdAt,
      );
      this.sql("INSERT INTO members (book_id, user_id, role) VALUES (?, ?, 'owner')").run(book.id, ownerId);
    })();
  }

  findBook(id: string): BookRecord | null {
    const row = this.sql('SELECT * FROM books WHERE id = ?').get(id) as Row | undefined;
    return row ? { id: String(row.id), title: String(row.title), createdAt: Number(row.created_at) } : null;
  }

  listBooksOf(userId: string): Array<BookRecord & { role: Role }> {
    const rows = this.sql(
      `SELECT books.*, members.role FROM books JOIN members ON members.book_id = books.id
         WHERE members.user_id = ? ORDER BY books.created_at DESC`,
    ).all(userId) as Row[];
    return rows.map((row) => ({
      id: String(row.id),
      title: String(row.title),
      createdAt: Number(row.created_at),
      role: row.role as Role,
    }));
  }

  roleOf(bookId: string, userId: string): Role | null {
    const row = this.sql('SELECT role FROM members WHERE book_id = ? AND user_id = ?').get(bookId, userId) as
      Row | undefined;
    return row ? (row.role as Role) : null;
  }

  findConnectingMember(
    bookId: string,
    userId: string,
  ): { member: { name: string; color: string; role: Role } | null } | null {
    const row = this.sql(
      `SELECT members.role, users.name, users.color FROM books
         LEFT JOIN members ON members.book_id = books.id AND members.user_id = ?
         LEFT JOIN users ON users.id = members.user_id
         WHERE books.id = ?`,
    ).get(userId, bookId) as Row | undefined;
    if (!row) return null;
    if (row.role === null || row.name === null) return { member: null };
    return { member: { name: String(row.name), color: String(row.color), role: row.role as Role } };
  }

  listMembers(bookId: string): Array<MemberRecord & { name: string; email: string; color: string }> {
    const rows = this.sql(
      `SELECT members.*, users.name, users.email, users.color FROM members JOIN users ON users.id = members.user_id
         WHERE book_id = ? ORDER BY users.name`,
    ).all(bookId) as Row[];
    return rows.map((row) => ({
      bookId: String(row.book_id),
      userId: String(row.user_id),
      role: row.role as Role,
      name: String(row.name),
      email: String(row.email),
      color: String(row.color),
    }));
  }

  setRole(bookId: string, userId: string, role: Role): void {
    this.sql(
      `INSERT INTO members (book_id, user_id, role) VALUES (?, ?, ?)
         ON CONFLICT (book_id, user_id) DO UPDATE SET role = excluded.role`,
    ).run(bookId, userId, role);
  }

  removeMember(bookId: string, userId: string): void {
    this.sql('DELETE FROM members WHERE book_id = ? AND user_id = ?').run(bookId, userId);
  }

  countOwners(bookId: string): number {
    const row = this.sql("SELECT COUNT(*) AS n FROM members WHERE book_id = ? AND role = 'owner'").get(
      bookId,
    ) as Row;
    return Number(row.n);
  }

  createInvite(invite: InviteRecord): void {
    this.sql(
      'INSERT INTO invites (id, code, book_id, role, created_by, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(
      invite.id,
      invite.code,
      invite.bookId,
      invite.role,
      invite.createdBy,
      invite.createdAt,
      invite.revokedAt,
    );
  }

  findInviteByCode(code: string): InviteRecord | null {
    const row = this.sql('SELECT * FROM invites WHERE code = ?').get(code) as Row | undefined;
    return row ? toInvite(row) : null;
  }

  listInvites(bookId: string): InviteRecord[] {
    const rows = this.sql('SELECT * FROM invites WHERE book_id = ? ORDER BY created_at DESC').all(
      bookId,
    ) as Row[];
    return rows.map(toInvite);
  }

  revokeInvite(bookId: string, inviteId: string, now: number): boolean {
    const result = this.sql(
      'UPDATE invites SET revoked_at = COALESCE(revoked_at, ?) WHERE book_id = ? AND id = ?',
    ).run(now, bookId, inviteId);
    return result.changes === 1;
  }

  addNotifications(notifications: readonly NewNotification[]): void {
    const insert = this.sql(
      `INSERT INTO notifications
         (user_id, kind, book_id, chapter_id, thread_id, comment_id, from_user_id, excerpt, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id, book_id, chapter_id, comment_id) DO NOTHING`,
    );
    this.db.transaction(() => {
      for (const n of notifications) {
        insert.run(
          n.userId,
          n.kind,
          n.bookId,
          n.chapterId,
          n.threadId,
          n.commentId,
          n.fromUserId,
          n.excerpt,
          n.createdAt,
        );
      }
    })();
  }

  listNotifications(userId: string, limit: number): NotificationRecord[] {
    const rows = this.sql(
      `SELECT notifications.*, users.name AS from_name FROM notifications
         LEFT JOIN users ON users.id = notifications.from_user_id
         WHERE notifications.user_id = ? ORDER BY notifications.id DESC LIMIT ?`,
    ).all(userId, limit) as Row[];
    return rows.map(toNotification);
  }

  countUnreadNotifications(userId: string): number {
    const row = this.sql('SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL').get(
      userId,
    ) as Row;
    return Number(row.n);
  }

  markNotificationsRead(userId: string, ids: readonly number[], now: number): void {
    const mark = this.sql(
      'UPDATE notifications SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL',
    );
    this.db.transaction(() => {
      for (const id of ids) mark.run(now, userId, id);
    })();
  }

  close(): void {
    this.db.close();
  }
}
