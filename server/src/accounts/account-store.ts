import type { MemberColorProblem, Role } from '@wethink/shared';

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
  /** After this time (ms) the link no longer works; null: never expires. */
  expiresAt: number | null;
  /** How many people may join with it; null: any number. */
  maxUses: number | null;
  /** How many have joined (or been raised to its role) with it. */
  useCount: number;
}

/**
 * A member of a book as the member list shows them. `color` is their colour in this book (chosen
 * when they joined, see `pickMemberColor`), not their account colour.
 */
export type MemberListing = MemberRecord & { name: string; email: string; color: string };

export type MembershipChange = 'done' | 'last-owner';

/** The outcome of a member choosing their colour in a book (see `memberColorProblem`). */
export type MemberColorChange = 'done' | 'not-member' | MemberColorProblem;

/** What a sync connection needs to know about its user in a book (see `findConnectingMember`). */
export interface ConnectingMember {
  name: string;
  color: string;
  role: Role;
}

/**
 * Accounts and their sign-in sessions. Every method returns a promise: implementations on a
 * networked database answer asynchronously. A rejection is a storage failure (an unreachable
 * database rejects with `AppError('storage-unavailable')`); a uniqueness conflict the caller has a
 * useful answer for resolves to `null`/`false` instead.
 */
export interface UserStore {
  /** Resolves to null when the email is taken. */
  createUser(user: UserRecord): Promise<UserRecord | null>;
  findUserById(id: string): Promise<UserRecord | null>;
  findUserByEmail(email: string): Promise<UserRecord | null>;

  createSession(tokenHash: string, userId: string, expiresAt: number): Promise<void>;
  /** The user of a live session (`expiresAt > now`), or null when unknown or expired. */
  findSessionUser(tokenHash: string, now: number): Promise<UserRecord | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Ends every session of a user but `keepTokenHash` (if given). */
  deleteSessionsOf(userId: string, keepTokenHash?: string): Promise<void>;
  /** Changes the fields given; resolves to the user as now stored, or null when there is none. */
  updateUser(id: string, fields: UserUpdate): Promise<UserRecord | null>;
}

/** What a person may change about their account (their email stays: it is how they sign in). */
export type UserUpdate = Partial<Pick<UserRecord, 'name' | 'color' | 'passwordHash'>>;

/** Books, who is a member with which role, and invites to join (same error contract as `UserStore`). */
export interface BookStore {
  /** Creates the book with `ownerId` as its owner, atomically; false when the id is taken. */
  createBook(book: BookRecord, ownerId: string): Promise<boolean>;
  findBook(id: string): Promise<BookRecord | null>;
  renameBook(id: string, title: string): Promise<void>;
  /** The user's books, newest first. */
  listBooksOf(userId: string): Promise<Array<BookRecord & { role: Role }>>;

  roleOf(bookId: string, userId: string): Promise<Role | null>;
  /**
   * What opening a connection needs, in one read (it runs on every WebSocket upgrade): null when
   * the book does not exist, else the user's name, color and role there (`member` null when they
   * are not a member).
   */
  findConnectingMember(bookId: string, userId: string): Promise<{ member: ConnectingMember | null } | null>;
  /** Ordered by name (binary order, as SQLite compares), then user id. */
  listMembers(bookId: string): Promise<MemberListing[]>;
  /**
   * Adds or changes a membership. A book keeps at least one owner: demoting its last owner changes
   * nothing and resolves to 'last-owner'. Atomic against concurrent changes to the same book (two
   * owners demoting each other at once leave one). A new member gets their colour in the book
   * here (`pickMemberColor` against the others', under the same lock, so two joining at once get
   * distinct ones); a role change keeps it. The owner a book is created with gets theirs likewise.
   */
  setRole(bookId: string, userId: string, role: Role): Promise<MembershipChange>;
  /** Ends a membership (none: 'done'), or, for the book's last owner, nothing: 'last-owner'. */
  removeMember(bookId: string, userId: string): Promise<MembershipChange>;
  /**
   * A member's own choice of colour in a book (`#rrggbb`, lower case): stored only when it is
   * readable and far enough from every other member's there (checked under the book's lock).
   */
  setMemberColor(bookId: string, userId: string, color: string): Promise<MemberColorChange>;
  /**
   * Once per database (recorded, so later starts skip it): in every book, each member whose
   * colour is unreadable or too close to an earlier member's (the owner first, then by role and
   * id) gets a distinct one (`separateMemberColors`). Memberships made before colours were chosen
   * per book kept their random account colours, clashes included. Resolves to how many changed.
   */
  separateClashingColors(): Promise<number>;

  createInvite(invite: InviteRecord): Promise<void>;
  findInviteByCode(code: string): Promise<InviteRecord | null>;
  /** Newest first. */
  listInvites(bookId: string): Promise<InviteRecord[]>;
  /**
   * Counts one use of an invite, atomically against concurrent claims: false (and nothing counted)
   * when it has no uses left or does not exist.
   */
  claimInviteUse(inviteId: string): Promise<boolean>;
  /** Keeps the first revocation time; false when no such invite of that book exists. */
  revokeInvite(bookId: string, inviteId: string, now: number): Promise<boolean>;
}

/** Per-user notifications (same error contract as `UserStore`). */
export interface NotificationStore {
  /** Adds notifications; one already there for the same user and comment is kept as it is. */
  addNotifications(notifications: readonly NewNotification[]): Promise<void>;
  /** A user's newest notifications first (by id), with the sender's current name. */
  listNotifications(userId: string, limit: number): Promise<NotificationRecord[]>;
  countUnreadNotifications(userId: string): Promise<number>;
  /** Marks the user's own unread notifications with these ids read (others' ids are ignored). */
  markNotificationsRead(userId: string, ids: readonly number[], now: number): Promise<void>;
}

/**
 * All account data in one database: memory, SQLite or PostgreSQL. One object per technology
 * implements the three stores, so they share a connection; consumers take the narrow one they use.
 */
export interface AccountStore extends UserStore, BookStore, NotificationStore {
  /** Releases what the store owns (a shared PostgreSQL pool is closed by its owner, not here). */
  close(): Promise<void>;
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
