import type { Role } from '@wethink/shared';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  color: string;
  passwordHash: string;
  createdAt: number;
}

export interface BookRecord {
  id: string;
  title: string;
  createdAt: number;
}

export interface MemberRecord {
  bookId: string;
  userId: string;
  role: Role;
}

export interface InviteRecord {
  id: string;
  code: string;
  bookId: string;
  role: Role;
  createdBy: string;
  createdAt: number;
  revokedAt: number | null;
}

/**
 * Users, sessions, books, members and invites. Every method is synchronous on SQLite; callers
 * treat a thrown error as storage failure. Uniqueness violations surface as `null`/`false`
 * results, not exceptions, where the caller has a useful answer for them.
 */
export interface AccountStore {
  /** Returns null when the email is taken. */
  createUser(user: UserRecord): UserRecord | null;
  findUserById(id: string): UserRecord | null;
  findUserByEmail(email: string): UserRecord | null;

  createSession(tokenHash: string, userId: string, expiresAt: number): void;
  /** The user of a live session, or null when unknown or expired. */
  findSessionUser(tokenHash: string, now: number): UserRecord | null;
  deleteSession(tokenHash: string): void;

  /** Creates the book with `ownerId` as its owner, atomically. */
  createBook(book: BookRecord, ownerId: string): void;
  findBook(id: string): BookRecord | null;
  renameBook(id: string, title: string): void;
  listBooksOf(userId: string): Array<BookRecord & { role: Role }>;

  roleOf(bookId: string, userId: string): Role | null;
  /**
   * What opening a connection needs, in one read: null when the book does not exist, else the
   * user's name, color and role there (`member` null when they are not a member).
   */
  findConnectingMember(
    bookId: string,
    userId: string,
  ): { member: { name: string; color: string; role: Role } | null } | null;
  listMembers(bookId: string): Array<MemberRecord & { name: string; email: string; color: string }>;
  /** Adds or changes a membership. */
  setRole(bookId: string, userId: string, role: Role): void;
  removeMember(bookId: string, userId: string): void;
  countOwners(bookId: string): number;

  createInvite(invite: InviteRecord): void;
  findInviteByCode(code: string): InviteRecord | null;
  listInvites(bookId: string): InviteRecord[];
  /** Returns false when no such invite of that book exists. */
  revokeInvite(bookId: string, inviteId: string, now: number): boolean;

  /** Adds notifications; one already there for the same user and comment is kept as it is. */
  addNotifications(notifications: readonly NewNotification[]): void;
  /** A user's newest notifications first, with the sender's current name. */
  listNotifications(userId: string, limit: number): NotificationRecord[];
  countUnreadNotifications(userId: string): number;
  /** Marks the user's own notifications with these ids read (others' ids are ignored). */
  markNotificationsRead(userId: string, ids: readonly number[], now: number): void;

  close(): void;
}

export interface NewNotification {
  userId: string;
  kind: 'mention';
  bookId: string;
  chapterId: string;
  threadId: string;
  commentId: string;
  fromUserId: string;
  excerpt: string;
  createdAt: number;
}

export interface NotificationRecord extends NewNotification {
  id: number;
  fromName: string;
  readAt: number | null;
}
