import { memberColorProblem, pickMemberColor, type Role } from '@wethink/shared';
import type { PostgresDatabase, Queryable } from '../storage/postgres/postgres-database';
import type {
  AccountStore,
  BookRecord,
  ConnectingMember,
  InviteRecord,
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
 * Accounts in PostgreSQL (tables from migrations/postgres/0001-0002). Every method is one
 * statement, so one round trip, atomic without an explicit transaction. Names sort with
 * COLLATE "C" to match SQLite's binary order.
 */
export class PostgresAccountStore implements AccountStore {
  /** The database is shared with the document store: its owner closes it, not `close()`. */
  constructor(private readonly db: PostgresDatabase) {}

  private async one(text: string, values: readonly unknown[]): Promise<Row | null> {
    return (await this.db.query(text, values)).rows[0] ?? null;
  }

  private async all(text: string, values: readonly unknown[]): Promise<Row[]> {
    return (await this.db.query(text, values)).rows;
  }

  private async changes(text: string, values: readonly unknown[]): Promise<number> {
    return (await this.db.query(text, values)).rowCount ?? 0;
  }

  async createUser(user: UserRecord): Promise<UserRecord | null> {
    const inserted = await this.changes(
      `INSERT INTO users (id, email, name, color, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (email) DO NOTHING`,
      [user.id, user.email, user.name, user.color, user.passwordHash, user.createdAt],
    );
    return inserted === 1 ? user : null;
  }

  async findUserById(id: string): Promise<UserRecord | null> {
    const row = await this.one('SELECT * FROM users WHERE id = $1', [id]);
    return row ? toUser(row) : null;
  }

  async findUserByEmail(email: string): Promise<UserRecord | null> {
    const row = await this.one('SELECT * FROM users WHERE email = $1', [email]);
    return row ? toUser(row) : null;
  }

  async createSession(tokenHash: string, userId: string, expiresAt: number): Promise<void> {
    await this.db.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [
      tokenHash,
      userId,
      expiresAt,
    ]);
  }

  async findSessionUser(tokenHash: string, now: number): Promise<UserRecord | null> {
    const row = await this.one(
      `SELECT users.* FROM sessions JOIN users ON users.id = sessions.user_id
         WHERE token_hash = $1 AND expires_at > $2`,
      [tokenHash, now],
    );
    return row ? toUser(row) : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async deleteSessionsOf(userId: string, keepTokenHash?: string): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2', [
      userId,
      keepTokenHash ?? null,
    ]);
  }

  async updateUser(id: string, fields: UserUpdate): Promise<UserRecord | null> {
    // COALESCE keeps a field not given; one statement, so a concurrent change to another field stays.
    const row = await this.one(
      `UPDATE users SET name = COALESCE($1, name), color = COALESCE($2, color),
         password_hash = COALESCE($3, password_hash) WHERE id = $4 RETURNING *`,
      [fields.name ?? null, fields.color ?? null, fields.passwordHash ?? null, id],
    );
    return row ? toUser(row) : null;
  }

  async createBook(book: BookRecord, ownerId: string): Promise<boolean> {
    // One statement: the owner's row is inserted only when the book's was (the id was free), and
    // both commit together. Nobody else is in a new book: the owner's colour needs no lock.
    const owner = await this.one('SELECT color FROM users WHERE id = $1', [ownerId]);
    const color = pickMemberColor(owner ? String(owner.color) : '', []);
    const inserted = await this.changes(
      `WITH book AS (
         INSERT INTO books (id, title, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING id
       )
       INSERT INTO members (book_id, user_id, role, color) SELECT id, $4, 'owner', $5 FROM book`,
      [book.id, book.title, book.createdAt, ownerId, color],
    );
    return inserted === 1;
  }

  async findBook(id: string): Promise<BookRecord | null> {
    const row = await this.one('SELECT * FROM books WHERE id = $1', [id]);
    return row ? toBook(row) : null;
  }

  async renameBook(id: string, title: string): Promise<void> {
    await this.db.query('UPDATE books SET title = $1 WHERE id = $2', [title, id]);
  }

  async listBooksOf(userId: string): Promise<Array<BookRecord & { role: Role }>> {
    const rows = await this.all(
      `SELECT books.*, members.role FROM books JOIN members ON members.book_id = books.id
         WHERE members.user_id = $1 ORDER BY books.created_at DESC, books.id COLLATE "C" DESC`,
      [userId],
    );
    return rows.map(toBookWithRole);
  }

  async roleOf(bookId: string, userId: string): Promise<Role | null> {
    const row = await this.one('SELECT role FROM members WHERE book_id = $1 AND user_id = $2', [
      bookId,
      userId,
    ]);
    return row ? (row.role as Role) : null;
  }

  async findConnectingMember(
    bookId: string,
    userId: string,
  ): Promise<{ member: ConnectingMember | null } | null> {
    const row = await this.one(
      `SELECT members.role, users.name, COALESCE(members.color, users.color) AS color FROM books
         LEFT JOIN members ON members.book_id = books.id AND members.user_id = $1
         LEFT JOIN users ON users.id = members.user_id
         WHERE books.id = $2`,
      [userId, bookId],
    );
    if (!row) return null;
    if (row.role === null || row.name === null) return { member: null };
    return { member: { name: String(row.name), color: String(row.color), role: row.role as Role } };
  }

  async listMembers(bookId: string): Promise<MemberListing[]> {
    const rows = await this.all(
      `SELECT members.book_id, members.user_id, members.role, users.name, users.email,
         COALESCE(members.color, users.color) AS color
         FROM members JOIN users ON users.id = members.user_id
         WHERE book_id = $1 ORDER BY users.name COLLATE "C", members.user_id COLLATE "C"`,
      [bookId],
    );
    return rows.map(toMemberListing);
  }

  async setRole(bookId: string, userId: string, role: Role): Promise<MembershipChange> {
    return this.db.transaction(async (tx) => {
      // The book's row lock (taken by isLastOwner too) serializes joins, so two people joining at
      // once see each other's colour.
      await tx.query('SELECT 1 FROM books WHERE id = $1 FOR NO KEY UPDATE', [bookId]);
      if (role !== 'owner' && (await isLastOwner(tx, bookId, userId))) return 'last-owner';
      const { rows } = await tx.query('SELECT 1 FROM members WHERE book_id = $1 AND user_id = $2', [
        bookId,
        userId,
      ]);
      // A new member's colour is chosen once, here; a role change keeps it.
      const color =
        rows.length > 0
          ? null
          : pickMemberColor(await accountColor(tx, userId), await colorsOf(tx, bookId, userId));
      await tx.query(
        `INSERT INTO members (book_id, user_id, role, color) VALUES ($1, $2, $3, $4)
         ON CONFLICT (book_id, user_id) DO UPDATE SET role = excluded.role`,
        [bookId, userId, role, color],
      );
      return 'done';
    });
  }

  async setMemberColor(bookId: string, userId: string, color: string): Promise<MemberColorChange> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM books WHERE id = $1 FOR NO KEY UPDATE', [bookId]);
      const { rows } = await tx.query('SELECT 1 FROM members WHERE book_id = $1 AND user_id = $2', [
        bookId,
        userId,
      ]);
      if (rows.length === 0) return 'not-member';
      const problem = memberColorProblem(color, await colorsOf(tx, bookId, userId));
      if (problem !== null) return problem;
      await tx.query('UPDATE members SET color = $1 WHERE book_id = $2 AND user_id = $3', [
        color,
        bookId,
        userId,
      ]);
      return 'done';
    });
  }

  async separateClashingColors(): Promise<number> {
    return this.db.transaction(async (tx) => {
      // Claimed first: another instance starting at once waits here for this transaction, then
      // finds the row and skips. Joins and colour changes wait on the members lock meanwhile.
      const claimed = await tx.query(
        'INSERT INTO data_repairs (name, done_at) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
        [MEMBER_COLORS_REPAIR, Date.now()],
      );
      if (claimed.rowCount === 0) return 0;
      await tx.query('LOCK TABLE members IN SHARE ROW EXCLUSIVE MODE');
      const { rows } = await tx.query(
        `SELECT members.book_id, members.user_id, members.role, users.color AS account_color,
           COALESCE(members.color, users.color) AS color
           FROM members JOIN users ON users.id = members.user_id`,
      );
      const repairs = memberColorRepairs(rows.map(toStoredMemberColor));
      for (const { bookId, userId, color } of repairs) {
        await tx.query('UPDATE members SET color = $1 WHERE book_id = $2 AND user_id = $3', [
          color,
          bookId,
          userId,
        ]);
      }
      return repairs.length;
    });
  }

  async removeMember(bookId: string, userId: string): Promise<MembershipChange> {
    return this.db.transaction(async (tx) => {
      if (await isLastOwner(tx, bookId, userId)) return 'last-owner';
      await tx.query('DELETE FROM members WHERE book_id = $1 AND user_id = $2', [bookId, userId]);
      return 'done';
    });
  }

  async createInvite(invite: InviteRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO invites (id, code, book_id, role, created_by, created_at, revoked_at, expires_at, max_uses, use_count)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
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
      ],
    );
  }

  async claimInviteUse(inviteId: string): Promise<boolean> {
    const claimed = await this.changes(
      `UPDATE invites SET use_count = use_count + 1
         WHERE id = $1 AND (max_uses IS NULL OR use_count < max_uses)`,
      [inviteId],
    );
    return claimed === 1;
  }

  async findInviteByCode(code: string): Promise<InviteRecord | null> {
    const row = await this.one('SELECT * FROM invites WHERE code = $1', [code]);
    return row ? toInvite(row) : null;
  }

  async listInvites(bookId: string): Promise<InviteRecord[]> {
    const rows = await this.all(
      'SELECT * FROM invites WHERE book_id = $1 ORDER BY created_at DESC, id COLLATE "C" DESC',
      [bookId],
    );
    return rows.map(toInvite);
  }

  async revokeInvite(bookId: string, inviteId: string, now: number): Promise<boolean> {
    const changed = await this.changes(
      'UPDATE invites SET revoked_at = COALESCE(revoked_at, $1) WHERE book_id = $2 AND id = $3',
      [now, bookId, inviteId],
    );
    return changed === 1;
  }

  async addNotifications(notifications: readonly NewNotification[]): Promise<void> {
    if (notifications.length === 0) return;
    // One statement for the batch: columns as arrays, unnest'ed back into rows in order (ids
    // follow the batch's order, as SQLite's loop gives them).
    const column = <K extends keyof NewNotification>(key: K) => notifications.map((n) => n[key]);
    await this.db.query(
      `INSERT INTO notifications
         (user_id, kind, book_id, chapter_id, thread_id, comment_id, from_user_id, excerpt, created_at)
         SELECT user_id, kind, book_id, chapter_id, thread_id, comment_id, from_user_id, excerpt, created_at
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                              $7::text[], $8::text[], $9::bigint[]) WITH ORDINALITY AS batch
           (user_id, kind, book_id, chapter_id, thread_id, comment_id, from_user_id, excerpt, created_at, n)
           ORDER BY n
         ON CONFLICT (user_id, book_id, chapter_id, comment_id) DO NOTHING`,
      [
        column('userId'),
        column('kind'),
        column('bookId'),
        column('chapterId'),
        column('threadId'),
        column('commentId'),
        column('fromUserId'),
        column('excerpt'),
        column('createdAt'),
      ],
    );
  }

  async listNotifications(userId: string, limit: number): Promise<NotificationRecord[]> {
    const rows = await this.all(
      `SELECT notifications.*, users.name AS from_name FROM notifications
         LEFT JOIN users ON users.id = notifications.from_user_id
         WHERE notifications.user_id = $1 ORDER BY notifications.id DESC LIMIT $2`,
      [userId, limit],
    );
    return rows.map(toNotification);
  }

  async countUnreadNotifications(userId: string): Promise<number> {
    const row = await this.one(
      'SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL',
      [userId],
    );
    return Number(row!.n);
  }

  async markNotificationsRead(userId: string, ids: readonly number[], now: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query(
      'UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND id = ANY($3::bigint[]) AND read_at IS NULL',
      [now, userId, ids],
    );
  }

  async close(): Promise<void> {
    // Nothing of its own to release: see the constructor.
  }
}

/**
 * Whether `userId` is the book's only owner. Locks the book's row first (NO KEY UPDATE: members'
 * foreign-key checks still pass), so membership changes of one book take turns and the count,
 * read by a statement after the lock, is current under READ COMMITTED.
 */
async function accountColor(tx: Queryable, userId: string): Promise<string> {
  const { rows } = await tx.query<{ color: string }>('SELECT color FROM users WHERE id = $1', [userId]);
  return rows[0]?.color ?? '';
}

/** The colours of a book's members but `exceptUserId`. */
async function colorsOf(tx: Queryable, bookId: string, exceptUserId: string): Promise<string[]> {
  const { rows } = await tx.query<{ color: string }>(
    `SELECT COALESCE(members.color, users.color) AS color FROM members JOIN users ON users.id = members.user_id
       WHERE members.book_id = $1 AND members.user_id <> $2`,
    [bookId, exceptUserId],
  );
  return rows.map((row) => row.color);
}

async function isLastOwner(tx: Queryable, bookId: string, userId: string): Promise<boolean> {
  await tx.query('SELECT 1 FROM books WHERE id = $1 FOR NO KEY UPDATE', [bookId]);
  const { rows } = await tx.query<{ role: string; owners: number }>(
    `SELECT role, (SELECT count(*) FROM members WHERE book_id = $1 AND role = 'owner') AS owners
       FROM members WHERE book_id = $1 AND user_id = $2`,
    [bookId, userId],
  );
  const row = rows[0];
  return row?.role === 'owner' && row.owners <= 1;
}
