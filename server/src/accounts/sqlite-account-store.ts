import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import { memberColorProblem, pickMemberColor, type Role } from '@wethink/shared';
import { migrate } from '../storage/sqlite-migrations';
import type {
  AccountStore,
  BookRecord,
  InviteRecord,
  ConnectingMember,
  MemberListing,
  MemberColorChange,
  MembershipChange,
  NewNotification,
  NotificationRecord,
  UserRecord,
  UserUpdate,
} from './account-store';
import {
  toBook,
  toBookWithRole,
  toInvite,
  toMemberListing,
  toNotification,
  toStoredMemberColor,
  toUser,
  type Row,
} from './account-rows';
import { MEMBER_COLORS_REPAIR, memberColorRepairs } from './member-color-repair';

/**
 * Accounts in their own SQLite file. libsql answers synchronously; the methods are async only to
 * meet the `AccountStore` contract (a throw becomes a rejection).
 */
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

  async createUser(user: UserRecord): Promise<UserRecord | null> {
    const result = this.sql(
      `INSERT INTO users (id, email, name, color, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (email) DO NOTHING`,
    ).run(user.id, user.email, user.name, user.color, user.passwordHash, user.createdAt);
    return result.changes === 1 ? user : null;
  }

  async findUserById(id: string): Promise<UserRecord | null> {
    const row = this.sql('SELECT * FROM users WHERE id = ?').get(id) as Row | undefined;
    return row ? toUser(row) : null;
  }

  async findUserByEmail(email: string): Promise<UserRecord | null> {
    const row = this.sql('SELECT * FROM users WHERE email = ?').get(email) as Row | undefined;
    return row ? toUser(row) : null;
  }

  async createSession(tokenHash: string, userId: string, expiresAt: number): Promise<void> {
    this.sql('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)').run(
      tokenHash,
      userId,
      expiresAt,
    );
  }

  async findSessionUser(tokenHash: string, now: number): Promise<UserRecord | null> {
    const row = this.sql(
      'SELECT users.* FROM sessions JOIN users ON users.id = sessions.user_id WHERE token_hash = ? AND expires_at > ?',
    ).get(tokenHash, now) as Row | undefined;
    return row ? toUser(row) : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.sql('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
  }

  async deleteSessionsOf(userId: string, keepTokenHash?: string): Promise<void> {
    this.sql('DELETE FROM sessions WHERE user_id = ? AND token_hash IS NOT ?').run(
      userId,
      keepTokenHash ?? null,
    );
  }

  async updateUser(id: string, fields: UserUpdate): Promise<UserRecord | null> {
    // COALESCE keeps a field not given; one statement, so a concurrent change to another field stays.
    this.sql(
      `UPDATE users SET name = COALESCE(?, name), color = COALESCE(?, color),
         password_hash = COALESCE(?, password_hash) WHERE id = ?`,
    ).run(fields.name ?? null, fields.color ?? null, fields.passwordHash ?? null, id);
    return this.findUserById(id);
  }

  async renameBook(id: string, title: string): Promise<void> {
    this.sql('UPDATE books SET title = ? WHERE id = ?').run(title, id);
  }

  async createBook(book: BookRecord, ownerId: string): Promise<boolean> {
    return this.db.transaction(() => {
      const created = this.sql(
        'INSERT INTO books (id, title, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING',
      ).run(book.id, book.title, book.createdAt);
      if (created.changes !== 1) return false;
      const color = pickMemberColor(this.accountColor(ownerId), []);
      this.sql("INSERT INTO members (book_id, user_id, role, color) VALUES (?, ?, 'owner', ?)").run(
        book.id,
        ownerId,
        color,
      );
      return true;
    })();
  }

  async findBook(id: string): Promise<BookRecord | null> {
    const row = this.sql('SELECT * FROM books WHERE id = ?').get(id) as Row | undefined;
    return row ? toBook(row) : null;
  }

  async listBooksOf(userId: string): Promise<Array<BookRecord & { role: Role }>> {
    const rows = this.sql(
      `SELECT books.*, members.role FROM books JOIN members ON members.book_id = books.id
         WHERE members.user_id = ? ORDER BY books.created_at DESC, books.id DESC`,
    ).all(userId) as Row[];
    return rows.map(toBookWithRole);
  }

  async roleOf(bookId: string, userId: string): Promise<Role | null> {
    const row = this.sql('SELECT role FROM members WHERE book_id = ? AND user_id = ?').get(bookId, userId) as
      Row | undefined;
    return row ? (row.role as Role) : null;
  }

  async findConnectingMember(
    bookId: string,
    userId: string,
  ): Promise<{ member: ConnectingMember | null } | null> {
    const row = this.sql(
      `SELECT members.role, users.name, COALESCE(members.color, users.color) AS color FROM books
         LEFT JOIN members ON members.book_id = books.id AND members.user_id = ?
         LEFT JOIN users ON users.id = members.user_id
         WHERE books.id = ?`,
    ).get(userId, bookId) as Row | undefined;
    if (!row) return null;
    if (row.role === null || row.name === null) return { member: null };
    return { member: { name: String(row.name), color: String(row.color), role: row.role as Role } };
  }

  async listMembers(bookId: string): Promise<MemberListing[]> {
    const rows = this.sql(
      `SELECT members.book_id, members.user_id, members.role, users.name, users.email,
         COALESCE(members.color, users.color) AS color
         FROM members JOIN users ON users.id = members.user_id
         WHERE book_id = ? ORDER BY users.name, members.user_id`,
    ).all(bookId) as Row[];
    return rows.map(toMemberListing);
  }

  async setRole(bookId: string, userId: string, role: Role): Promise<MembershipChange> {
    // IMMEDIATE: the owner count read and the write happen under one write lock, also against
    // another process on the same file (the admin CLI).
    return this.db
      .transaction((): MembershipChange => {
        if (role !== 'owner' && this.isLastOwner(bookId, userId)) return 'last-owner';
        // A new member's colour is chosen once, here; a role change keeps it (excluded.color unused).
        const color = this.isMember(bookId, userId)
          ? null
          : pickMemberColor(this.accountColor(userId), this.colorsOf(bookId, userId));
        this.sql(
          `INSERT INTO members (book_id, user_id, role, color) VALUES (?, ?, ?, ?)
           ON CONFLICT (book_id, user_id) DO UPDATE SET role = excluded.role`,
        ).run(bookId, userId, role, color);
        return 'done';
      })
      .immediate();
  }

  async removeMember(bookId: string, userId: string): Promise<MembershipChange> {
    return this.db
      .transaction((): MembershipChange => {
        if (this.isLastOwner(bookId, userId)) return 'last-owner';
        this.sql('DELETE FROM members WHERE book_id = ? AND user_id = ?').run(bookId, userId);
        return 'done';
      })
      .immediate();
  }

  async setMemberColor(bookId: string, userId: string, color: string): Promise<MemberColorChange> {
    return this.db
      .transaction((): MemberColorChange => {
        if (!this.isMember(bookId, userId)) return 'not-member';
        const problem = memberColorProblem(color, this.colorsOf(bookId, userId));
        if (problem !== null) return problem;
        this.sql('UPDATE members SET color = ? WHERE book_id = ? AND user_id = ?').run(color, bookId, userId);
        return 'done';
      })
      .immediate();
  }

  async separateClashingColors(): Promise<number> {
    return this.db
      .transaction((): number => {
        const done = this.sql('SELECT 1 FROM data_repairs WHERE name = ?').get(MEMBER_COLORS_REPAIR);
        if (done !== undefined) return 0;
        const rows = this.sql(
          `SELECT members.book_id, members.user_id, members.role, users.color AS account_color,
             COALESCE(members.color, users.color) AS color
             FROM members JOIN users ON users.id = members.user_id`,
        ).all() as Row[];
        const repairs = memberColorRepairs(rows.map(toStoredMemberColor));
        const update = this.sql('UPDATE members SET color = ? WHERE book_id = ? AND user_id = ?');
        for (const { bookId, userId, color } of repairs) update.run(color, bookId, userId);
        this.sql('INSERT INTO data_repairs (name, done_at) VALUES (?, ?)').run(
          MEMBER_COLORS_REPAIR,
          Date.now(),
        );
        return repairs.length;
      })
      .immediate();
  }

  private isMember(bookId: string, userId: string): boolean {
    return (
      this.sql('SELECT 1 FROM members WHERE book_id = ? AND user_id = ?').get(bookId, userId) !== undefined
    );
  }

  private accountColor(userId: string): string {
    const row = this.sql('SELECT color FROM users WHERE id = ?').get(userId) as Row | undefined;
    return row ? String(row.color) : '';
  }

  /** The colours of a book's members but `exceptUserId`. */
  private colorsOf(bookId: string, exceptUserId: string): string[] {
    const rows = this.sql(
      `SELECT COALESCE(members.color, users.color) AS color FROM members JOIN users ON users.id = members.user_id
         WHERE members.book_id = ? AND members.user_id <> ?`,
    ).all(bookId, exceptUserId) as Row[];
    return rows.map((row) => String(row.color));
  }

  private isLastOwner(bookId: string, userId: string): boolean {
    const row = this.sql(
      `SELECT role, (SELECT COUNT(*) FROM members WHERE book_id = ? AND role = 'owner') AS owners
         FROM members WHERE book_id = ? AND user_id = ?`,
    ).get(bookId, bookId, userId) as Row | undefined;
    return row?.role === 'owner' && Number(row.owners) <= 1;
  }

  async createInvite(invite: InviteRecord): Promise<void> {
    this.sql(
      `INSERT INTO invites (id, code, book_id, role, created_by, created_at, revoked_at, expires_at, max_uses, use_count)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      invite.id,
      invite.code,
      invite.bookId,
      invite.role,
      invite.createdBy,
      invite.createdAt,
      invite.revokedAt,
      invite.expiresAt,
      invite.maxUses,
      invite.useCount,
    );
  }

  async claimInviteUse(inviteId: string): Promise<boolean> {
    const result = this.sql(
      'UPDATE invites SET use_count = use_count + 1 WHERE id = ? AND (max_uses IS NULL OR use_count < max_uses)',
    ).run(inviteId);
    return result.changes === 1;
  }

  async findInviteByCode(code: string): Promise<InviteRecord | null> {
    const row = this.sql('SELECT * FROM invites WHERE code = ?').get(code) as Row | undefined;
    return row ? toInvite(row) : null;
  }

  async listInvites(bookId: string): Promise<InviteRecord[]> {
    const rows = this.sql('SELECT * FROM invites WHERE book_id = ? ORDER BY created_at DESC, id DESC').all(
      bookId,
    ) as Row[];
    return rows.map(toInvite);
  }

  async revokeInvite(bookId: string, inviteId: string, now: number): Promise<boolean> {
    const result = this.sql(
      'UPDATE invites SET revoked_at = COALESCE(revoked_at, ?) WHERE book_id = ? AND id = ?',
    ).run(now, bookId, inviteId);
    return result.changes === 1;
  }

  async addNotifications(notifications: readonly NewNotification[]): Promise<void> {
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

  async listNotifications(userId: string, limit: number): Promise<NotificationRecord[]> {
    const rows = this.sql(
      `SELECT notifications.*, users.name AS from_name FROM notifications
         LEFT JOIN users ON users.id = notifications.from_user_id
         WHERE notifications.user_id = ? ORDER BY notifications.id DESC LIMIT ?`,
    ).all(userId, limit) as Row[];
    return rows.map(toNotification);
  }

  async countUnreadNotifications(userId: string): Promise<number> {
    const row = this.sql('SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL').get(
      userId,
    ) as Row;
    return Number(row.n);
  }

  async markNotificationsRead(userId: string, ids: readonly number[], now: number): Promise<void> {
    const mark = this.sql(
      'UPDATE notifications SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL',
    );
    this.db.transaction(() => {
      for (const id of ids) mark.run(now, userId, id);
    })();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
