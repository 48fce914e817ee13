import {
  AppError,
  canManageMembers,
  canWrite,
  lesserRole,
  type BookView,
  type InvitePreview,
  type InviteView,
  type MemberView,
  type Role,
  type SignInRequest,
  type SignUpRequest,
  type UserView,
} from '@wethink/shared';
import type { AccountStore, InviteRecord, UserRecord } from './account-store';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import { randomToken, sha256, type ConnectionTokens } from './tokens';

/** Who is on the other end of a sync connection, as the server (not the client) knows it. */
export interface ConnectionIdentity {
  userId: string;
  name: string;
  color: string;
  bookId: string;
  role: Role;
}

const SESSION_LIFETIME_MS = 30 * 24 * 3600 * 1000;
export const CONNECTION_TOKEN_LIFETIME_S = 5 * 60;
const palette = [
  '#d9480f',
  '#1971c2',
  '#2b8a3e',
  '#ae3ec9',
  '#e8590c',
  '#0c8599',
  '#c2255c',
  '#5f3dc4',
  '#364fc7',
  '#087f5b',
];

const userView = (user: UserRecord): UserView => ({
  id: user.id,
  email: user.email,
  name: user.name,
  color: user.color,
});
const inviteView = (invite: InviteRecord): InviteView => ({
  id: invite.id,
  bookId: invite.bookId,
  role: invite.role,
  code: invite.code,
  createdAt: new Date(invite.createdAt).toISOString(),
  revokedAt: invite.revokedAt === null ? null : new Date(invite.revokedAt).toISOString(),
});

/**
 * Accounts, books, members and invites: every rule about who may do what lives here, so HTTP
 * routes, the CLI and the WebSocket gate share them. Membership changes are announced through
 * `onMembershipChange` so open connections follow at once.
 */
export class AccountService {
  constructor(
    private readonly deps: {
      store: AccountStore;
      tokens: ConnectionTokens;
      now?: () => number;
      onMembershipChange?: (bookId: string, userId: string, role: Role | null) => void;
    },
  ) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  async signUp(request: SignUpRequest): Promise<{ user: UserView; sessionToken: string }> {
    const record: UserRecord = {
      id: `u_${randomToken(9)}`,
      email: request.email,
      name: request.name,
      color: palette[Math.floor(Math.random() * palette.length)]!,
      passwordHash: await hashPassword(request.password),
      createdAt: this.now(),
    };
    const user = this.deps.store.createUser(record);
    if (!user) throw new AppError('conflict', 'an account with this email exists');
    return { user: userView(user), sessionToken: this.startSession(user.id) };
  }

  async signIn(request: SignInRequest): Promise<{ user: UserView; sessionToken: string }> {
    const user = this.deps.store.findUserByEmail(request.email);
    // Hash even for unknown emails, so response time does not tell which emails have accounts.
    const isValid = await verifyPassword(request.password, user?.passwordHash ?? decoyHash);
    if (!user || !isValid) throw new AppError('unauthenticated', 'wrong email or password');
    return { user: userView(user), sessionToken: this.startSession(user.id) };
  }

  signOut(sessionToken: string): void {
    this.deps.store.deleteSession(sha256(sessionToken));
  }

  /** The signed-in user, or AppError('unauthenticated'). */
  userForSession(sessionToken: string | undefined): UserView {
    const user = sessionToken ? this.deps.store.findSessionUser(sha256(sessionToken), this.now()) : null;
    if (!user) throw new AppError('unauthenticated', 'not signed in');
    return userView(user);
  }

  /** A new book owned by `userId`; `id` is for scripts that name their books (CLI). */
  createBook(userId: string, title: string, id = `b_${randomToken(9)}`): BookView {
    if (this.deps.store.findBook(id)) throw new AppError('conflict', `book ${id} exists`);
    const book = { id, title, createdAt: this.now() };
    this.deps.store.createBook(book, userId);
    return { id: book.id, title, role: 'owner', createdAt: new Date(book.createdAt).toISOString() };
  }

  /** Renames a book: those who write it may (the chapter list carries the same title live). */
  renameBook(userId: string, bookId: string, title: string): BookView {
    const role = this.requireRole(userId, bookId);
    if (!canWrite(role)) throw new AppError('forbidden', `a ${role} cannot rename the book`);
    this.deps.store.renameBook(bookId, title);
    return this.getBook(userId, bookId);
  }

  listBooks(userId: string): BookView[] {
    return this.deps.store.listBooksOf(userId).map((book) => ({
      id: book.id,
      title: book.title,
      role: book.role,
      createdAt: new Date(book.createdAt).toISOString(),
    }));
  }

  getBook(userId: string, bookId: string): BookView {
    const book = this.deps.store.findBook(bookId);
    const role = this.requireRole(userId, bookId);
    return { id: bookId, title: book!.title, role, createdAt: new Date(book!.createdAt).toISOString() };
  }

  listMembers(userId: string, bookId: string): MemberView[] {
    this.requireRole(userId, bookId);
    return this.deps.store.listMembers(bookId).map(({ userId: id, name, email, color, role }) => ({
      userId: id,
      name,
      email,
      color,
      role,
    }));
  }

  setRole(actorId: string, bookId: string, userId: string, role: Role): MemberView {
    this.requireOwner(actorId, bookId);
    const current = this.deps.store.roleOf(bookId, userId);
    if (!current) throw new AppError('not-found', 'no such member');
    if (current === 'owner' && role !== 'owner') this.keepAnOwner(bookId);
    this.deps.store.setRole(bookId, userId, role);
    this.deps.onMembershipChange?.(bookId, userId, role);
    const member = this.deps.store.listMembers(bookId).find((m) => m.userId === userId)!;
    return { userId, name: member.name, email: member.email, color: member.color, role };
  }

  removeMember(actorId: string, bookId: string, userId: string): void {
    if (actorId !== userId) this.requireOwner(actorId, bookId);
    const current = this.deps.store.roleOf(bookId, userId);
    if (!current) throw new AppError('not-found', 'no such member');
    if (current === 'owner') this.keepAnOwner(bookId);
    this.deps.store.removeMember(bookId, userId);
    this.deps.onMembershipChange?.(bookId, userId, null);
  }

  createInvite(actorId: string, bookId: string, role: Role): InviteView {
    this.requireOwner(actorId, bookId);
    const invite: InviteRecord = {
      id: `i_${randomToken(9)}`,
      code: randomToken(24),
      bookId,
      role,
      createdBy: actorId,
      createdAt: this.now(),
      revokedAt: null,
    };
    this.deps.store.createInvite(invite);
    return inviteView(invite);
  }

  listInvites(actorId: string, bookId: string): InviteView[] {
    this.requireOwner(actorId, bookId);
    return this.deps.store.listInvites(bookId).map(inviteView);
  }

  revokeInvite(actorId: string, bookId: string, inviteId: string): void {
    this.requireOwner(actorId, bookId);
    if (!this.deps.store.revokeInvite(bookId, inviteId, this.now()))
      throw new AppError('not-found', 'no such invite');
  }

  previewInvite(code: string): InvitePreview {
    const invite = this.liveInvite(code);
    const book = this.deps.store.findBook(invite.bookId)!;
    return { bookId: book.id, bookTitle: book.title, role: invite.role };
  }

  /** Joins the book with the invite's role; never lowers a role the user already has. */
  acceptInvite(userId: string, code: string): BookView {
    const invite = this.liveInvite(code);
    const current = this.deps.store.roleOf(invite.bookId, userId);
    const role = current
      ? lesserRole(current, invite.role) === current
        ? invite.role
        : current
      : invite.role;
    if (role !== current) {
      this.deps.store.setRole(invite.bookId, userId, role);
      this.deps.onMembershipChange?.(invite.bookId, userId, role);
    }
    return this.getBook(userId, invite.bookId);
  }

  /** A short-lived WebSocket token for a member, carrying their current role (or less, if asked). */
  mintConnectionToken(
    userId: string,
    bookId: string,
    lifetimeSeconds = CONNECTION_TOKEN_LIFETIME_S,
    atMost?: Role,
  ) {
    const current = this.requireRole(userId, bookId);
    const role = atMost ? lesserRole(atMost, current) : current;
    return this.deps.tokens.mint({ userId, bookId, role }, lifetimeSeconds, this.now());
  }

  /** Display names of users (for history and credits: they may have left the book since). */
  displayNames(userIds: Iterable<string>): Map<string, string> {
    const names = new Map<string, string>();
    for (const id of userIds) {
      const user = this.deps.store.findUserById(id);
      if (user) names.set(id, user.name);
    }
    return names;
  }

  /** For the admin CLI: the id of the user with this email. */
  userIdByEmail(email: string): string {
    const user = this.deps.store.findUserByEmail(email.toLowerCase());
    if (!user) throw new AppError('not-found', `no user with email ${email}`);
    return user.id;
  }

  /** For the admin CLI: sets a role without an acting owner (still keeps the book an owner). */
  addMemberAsAdmin(bookId: string, userId: string, role: Role): void {
    if (!this.deps.store.findBook(bookId)) throw new AppError('not-found', `no book ${bookId}`);
    const current = this.deps.store.roleOf(bookId, userId);
    if (current === 'owner' && role !== 'owner') this.keepAnOwner(bookId);
    this.deps.store.setRole(bookId, userId, role);
    this.deps.onMembershipChange?.(bookId, userId, role);
  }

  /** For the admin CLI: removes a member without an acting owner. */
  removeMemberAsAdmin(bookId: string, userId: string): void {
    const current = this.deps.store.roleOf(bookId, userId);
    if (!current) throw new AppError('not-found', 'no such member');
    if (current === 'owner') this.keepAnOwner(bookId);
    this.deps.store.removeMember(bookId, userId);
    this.deps.onMembershipChange?.(bookId, userId, null);
  }

  /**
   * Decides who a sync connection to `bookId` is: from a connection token (bound to that book) or
   * a session cookie. The role is the member's current one, never more than the token grants.
   */
  async authorizeConnection(
    credentials: { token?: string | undefined; sessionToken?: string | undefined },
    bookId: string,
  ): Promise<ConnectionIdentity> {
    let userId: string;
    let granted: Role | null = null;
    if (credentials.token) {
      const grant = this.deps.tokens.verify(credentials.token);
      if (grant.bookId !== bookId) throw new AppError('forbidden', 'token is for another book');
      userId = grant.userId;
      granted = grant.role;
    } else {
      userId = this.userForSession(credentials.sessionToken).id;
    }
    const found = this.deps.store.findConnectingMember(bookId, userId);
    if (!found) throw new AppError('not-found', 'no such book');
    const { member } = found;
    if (!member) throw new AppError('forbidden', 'not a member of this book');
    const role = granted ? lesserRole(granted, member.role) : member.role;
    return { userId, name: member.name, color: member.color, bookId, role };
  }

  private startSession(userId: string): string {
    const token = randomToken(32);
    this.deps.store.createSession(sha256(token), userId, this.now() + SESSION_LIFETIME_MS);
    return token;
  }

  private liveInvite(code: string): InviteRecord {
    const invite = this.deps.store.findInviteByCode(code);
    if (!invite || invite.revokedAt !== null) throw new AppError('not-found', 'invite not found or revoked');
    return invite;
  }

  /** The caller's role; 404 for a book that does not exist or that the caller cannot see. */
  private requireRole(userId: string, bookId: string): Role {
    const role = this.deps.store.findBook(bookId) ? this.deps.store.roleOf(bookId, userId) : null;
    if (!role) throw new AppError('not-found', 'no such book');
    return role;
  }

  private requireOwner(userId: string, bookId: string): void {
    if (!canManageMembers(this.requireRole(userId, bookId)))
      throw new AppError('forbidden', 'only the owner may do this');
  }

  private keepAnOwner(bookId: string): void {
    if (this.deps.store.countOwners(bookId) <= 1)
      throw new AppError('conflict', 'a book keeps at least one owner');
  }
}
