import { memberColorProblem, pickMemberColor, type Role } from '@wethink/shared';
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

type StoredNotification = NewNotification & { id: number; readAt: number | null };

/** SQLite's BINARY collation (and PostgreSQL's "C"): code unit order, not a locale's. */
const binary = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function isLastOwner(roles: ReadonlyMap<string, Role>, userId: string): boolean {
  return roles.get(userId) === 'owner' && [...roles.values()].filter((role) => role === 'owner').length <= 1;
}

/**
 * Accounts in plain Maps, for tests and throwaway runs (`STORAGE=memory`). Same contract as the
 * SQL stores (the contract suite runs on all three); records are copied in and out, so a caller
 * never holds the store's own objects.
 */
export class MemoryAccountStore implements AccountStore {
  private readonly users = new Map<string, UserRecord>();
  private readonly userIdByEmail = new Map<string, string>();
  private readonly sessions = new Map<string, { userId: string; expiresAt: number }>();
  private readonly books = new Map<string, BookRecord>();
  /** bookId → userId → role */
  private readonly members = new Map<string, Map<string, Role>>();
  /** Each member's colour in each book, by book id then user id. */
  private readonly colors = new Map<string, Map<string, string>>();
  private readonly invites = new Map<string, InviteRecord>();
  private readonly notifications: StoredNotification[] = [];
  private lastNotificationId = 0;

  async createUser(user: UserRecord): Promise<UserRecord | null> {
    if (this.userIdByEmail.has(user.email)) return null;
    if (this.users.has(user.id)) throw new Error(`user id ${user.id} exists`);
    this.users.set(user.id, { ...user });
    this.userIdByEmail.set(user.email, user.id);
    return { ...user };
  }

  async findUserById(id: string): Promise<UserRecord | null> {
    const user = this.users.get(id);
    return user ? { ...user } : null;
  }

  async findUserByEmail(email: string): Promise<UserRecord | null> {
    const id = this.userIdByEmail.get(email);
    return id === undefined ? null : this.findUserById(id);
  }

  async createSession(tokenHash: string, userId: string, expiresAt: number): Promise<void> {
    if (this.sessions.has(tokenHash)) throw new Error('session token hash exists');
    this.sessions.set(tokenHash, { userId, expiresAt });
  }

  async findSessionUser(tokenHash: string, now: number): Promise<UserRecord | null> {
    const session = this.sessions.get(tokenHash);
    return session && session.expiresAt > now ? this.findUserById(session.userId) : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.sessions.delete(tokenHash);
  }

  async deleteSessionsOf(userId: string, keepTokenHash?: string): Promise<void> {
    for (const [hash, session] of this.sessions) {
      if (session.userId === userId && hash !== keepTokenHash) this.sessions.delete(hash);
    }
  }

  async updateUser(id: string, fields: UserUpdate): Promise<UserRecord | null> {
    const user = this.users.get(id);
    if (!user) return null;
    const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    Object.assign(user, defined);
    return { ...user };
  }

  async createBook(book: BookRecord, ownerId: string): Promise<boolean> {
    if (this.books.has(book.id)) return false;
    this.books.set(book.id, { ...book });
    this.members.set(book.id, new Map([[ownerId, 'owner']]));
    this.colors.set(book.id, new Map([[ownerId, pickMemberColor(this.users.get(ownerId)?.color ?? '', [])]]));
    return true;
  }

  async findBook(id: string): Promise<BookRecord | null> {
    const book = this.books.get(id);
    return book ? { ...book } : null;
  }

  async renameBook(id: string, title: string): Promise<void> {
    const book = this.books.get(id);
    if (book) book.title = title;
  }

  async listBooksOf(userId: string): Promise<Array<BookRecord & { role: Role }>> {
    return [...this.members]
      .flatMap(([bookId, roles]) => {
        const role = roles.get(userId);
        return role ? [{ ...this.books.get(bookId)!, role }] : [];
      })
      .sort((a, b) => b.createdAt - a.createdAt || binary(b.id, a.id));
  }

  async roleOf(bookId: string, userId: string): Promise<Role | null> {
    return this.members.get(bookId)?.get(userId) ?? null;
  }

  async findConnectingMember(
    bookId: string,
    userId: string,
  ): Promise<{ member: ConnectingMember | null } | null> {
    if (!this.books.has(bookId)) return null;
    const role = this.members.get(bookId)?.get(userId);
    const user = this.users.get(userId);
    const color = this.colors.get(bookId)?.get(userId) ?? user?.color ?? '';
    return { member: role && user ? { name: user.name, color, role } : null };
  }

  async listMembers(bookId: string): Promise<MemberListing[]> {
    return [...(this.members.get(bookId) ?? [])]
      .map(([userId, role]) => {
        const { name, email, color } = this.users.get(userId)!;
        return { bookId, userId, role, name, email, color: this.colors.get(bookId)?.get(userId) ?? color };
      })
      .sort((a, b) => binary(a.name, b.name) || binary(a.userId, b.userId));
  }

  async setRole(bookId: string, userId: string, role: Role): Promise<MembershipChange> {
    const roles = this.members.get(bookId);
    if (!roles) throw new Error(`no book ${bookId}`);
    if (!this.users.has(userId)) throw new Error(`no user ${userId}`);
    if (role !== 'owner' && isLastOwner(roles, userId)) return 'last-owner';
    const colors = this.colors.get(bookId) ?? new Map<string, string>();
    this.colors.set(bookId, colors);
    if (!roles.has(userId))
      colors.set(userId, pickMemberColor(this.users.get(userId)!.color, [...colors.values()]));
    roles.set(userId, role);
    return 'done';
  }

  async removeMember(bookId: string, userId: string): Promise<MembershipChange> {
    const roles = this.members.get(bookId);
    if (!roles) return 'done';
    if (isLastOwner(roles, userId)) return 'last-owner';
    roles.delete(userId);
    this.colors.get(bookId)?.delete(userId);
    return 'done';
  }

  async setMemberColor(bookId: string, userId: string, color: string): Promise<MemberColorChange> {
    const colors = this.colors.get(bookId);
    if (!this.members.get(bookId)?.has(userId) || !colors) return 'not-member';
    const taken = [...colors].flatMap(([other, taken]) => (other === userId ? [] : [taken]));
    const problem = memberColorProblem(color, taken);
    if (problem !== null) return problem;
    colors.set(userId, color);
    return 'done';
  }

  async createInvite(invite: InviteRecord): Promise<void> {
    if (this.invites.has(invite.id)) throw new Error(`invite id ${invite.id} exists`);
    if ([...this.invites.values()].some((other) => other.code === invite.code))
      throw new Error('invite code exists');
    this.invites.set(invite.id, { ...invite });
  }

  async findInviteByCode(code: string): Promise<InviteRecord | null> {
    const invite = [...this.invites.values()].find((candidate) => candidate.code === code);
    return invite ? { ...invite } : null;
  }

  async listInvites(bookId: string): Promise<InviteRecord[]> {
    return [...this.invites.values()]
      .filter((invite) => invite.bookId === bookId)
      .sort((a, b) => b.createdAt - a.createdAt || binary(b.id, a.id))
      .map((invite) => ({ ...invite }));
  }

  async claimInviteUse(inviteId: string): Promise<boolean> {
    const invite = this.invites.get(inviteId);
    if (!invite || (invite.maxUses !== null && invite.useCount >= invite.maxUses)) return false;
    invite.useCount += 1;
    return true;
  }

  async revokeInvite(bookId: string, inviteId: string, now: number): Promise<boolean> {
    const invite = this.invites.get(inviteId);
    if (!invite || invite.bookId !== bookId) return false;
    invite.revokedAt ??= now;
    return true;
  }

  async addNotifications(notifications: readonly NewNotification[]): Promise<void> {
    for (const n of notifications) {
      const isKnown = this.notifications.some(
        (other) =>
          other.userId === n.userId &&
          other.bookId === n.bookId &&
          other.chapterId === n.chapterId &&
          other.commentId === n.commentId,
      );
      if (!isKnown) this.notifications.push({ ...n, id: ++this.lastNotificationId, readAt: null });
    }
  }

  async listNotifications(userId: string, limit: number): Promise<NotificationRecord[]> {
    return this.notifications
      .filter((n) => n.userId === userId)
      .reverse()
      .slice(0, limit)
      .map((n) => ({ ...n, fromName: this.users.get(n.fromUserId)?.name ?? n.fromUserId }));
  }

  async countUnreadNotifications(userId: string): Promise<number> {
    return this.notifications.filter((n) => n.userId === userId && n.readAt === null).length;
  }

  async markNotificationsRead(userId: string, ids: readonly number[], now: number): Promise<void> {
    const marked = new Set(ids);
    for (const n of this.notifications) {
      if (n.userId === userId && marked.has(n.id)) n.readAt ??= now;
    }
  }

  /** Nothing to repair: every membership here got its colour from `pickMemberColor`. */
  async separateClashingColors(): Promise<number> {
    return 0;
  }

  async close(): Promise<void> {}
}
