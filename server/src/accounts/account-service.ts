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
  type ChangePasswordRequest,
  type SignInRequest,
  type SignUpRequest,
  type UpdateMeRequest,
  type UserView,
} from '@wethink/shared';
import type { BookStore, InviteRecord, UserRecord, UserStore } from './account-store';
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
  expiresAt: invite.expiresAt === null ? null : new Date(invite.expiresAt).toISOString(),
  maxUses: invite.maxUses,
  useCount: invite.useCount,
});
const DAY_MS = 24 * 3600 * 1000;

/**
 * Accounts, books, members and invites: every rule about who may do what lives here, so HTTP
 * routes, the CLI and the WebSocket gate share them. Membership changes are announced through
 * `onMembershipChange` so open connections follow at once.
 */
export class AccountService {
  constructor(
    private readonly deps: {
      store: UserStore & BookStore;
      tokens: ConnectionTokens;
      now?: () => number;
      onMembershipChange?: (bookId: string, userId: string, role: Role | null) => void;
      /** A member's colour in a book changed: their open connections and the book's pages follow. */
      onMemberColorChange?: (bookId: string, userId: string, color: string) => void;
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
    const user = await this.deps.store.createUser(record);
    if (!user) throw new AppError('conflict', 'an account with this email exists');
    return { user: userView(user), sessionToken: await this.startSession(user.id) };
  }

  async signIn(request: SignInRequest): Promise<{ user: UserView; sessionToken: string }> {
    const user = await this.deps.store.findUserByEmail(request.email);
    // Hash even for unknown emails, so response time does not tell which emails have accounts.
    const isValid = await verifyPassword(request.password, user?.passwordHash ?? decoyHash);
    if (!user || !isValid) throw new AppError('unauthenticated', 'wrong email or password');
    return { user: userView(user), sessionToken: await this.startSession(user.id) };
  }

  async signOut(sessionToken: string): Promise<void> {
    await this.deps.store.deleteSession(sha256(sessionToken));
  }

  /**
   * Changes a person's own name or colour; every book shows the new ones from its next load (the
   * colour only in books where no other member's is too close to it).
   */
  async updateProfile(userId: string, fields: UpdateMeRequest): Promise<UserView> {
    const user = await this.deps.store.updateUser(userId, fields);
    if (!user) throw new AppError('unauthenticated', 'not signed in');
    if (fields.color !== undefined) {
      // A new account colour becomes the person's colour in each of their books where it is
      // free; where it would clash with another member's, they keep the one they have there.
      for (const book of await this.deps.store.listBooksOf(userId)) {
        const change = await this.deps.store.setMemberColor(book.id, userId, fields.color);
        if (change === 'done') this.deps.onMemberColorChange?.(book.id, userId, fields.color);
      }
    }
    return userView(user);
  }

  /**
   * A new password, once the current one is proven; every other session of the account ends (a
   * password is changed because someone else may know it), the one asking stays signed in.
   */
  async changePassword(userId: string, sessionToken: string, request: ChangePasswordRequest): Promise<void> {
    const user = await this.deps.store.findUserById(userId);
    if (!user) throw new AppError('unauthenticated', 'not signed in');
    if (!(await verifyPassword(request.currentPassword, user.passwordHash))) {
      throw new AppError('forbidden', 'the current password is wrong');
    }
    await this.deps.store.updateUser(userId, { passwordHash: await hashPassword(request.newPassword) });
    await this.deps.store.deleteSessionsOf(userId, sha256(sessionToken));
  }

  /** Ends every session of the account, on every device, the asking one too. */
  async signOutEverywhere(userId: string): Promise<void> {
    await this.deps.store.deleteSessionsOf(userId);
  }

  /** The signed-in user, or AppError('unauthenticated'). */
  async userForSession(sessionToken: string | undefined): Promise<UserView> {
    const user = sessionToken
      ? await this.deps.store.findSessionUser(sha256(sessionToken), this.now())
      : null;
    if (!user) throw new AppError('unauthenticated', 'not signed in');
    return userView(user);
  }

  /** A new book owned by `userId`; `id` is for scripts that name their books (CLI). */
  async createBook(userId: string, title: string, id = `b_${randomToken(9)}`): Promise<BookView> {
    const book = { id, title, createdAt: this.now() };
    if (!(await this.deps.store.createBook(book, userId)))
      throw new AppError('conflict', `book ${id} exists`);
    return { id: book.id, title, role: 'owner', createdAt: new Date(book.createdAt).toISOString() };
  }

  /** Renames a book: those who write it may (the chapter list carries the same title live). */
  async renameBook(userId: string, bookId: string, title: string): Promise<BookView> {
    const role = await this.requireRole(userId, bookId);
    if (!canWrite(role)) throw new AppError('forbidden', `a ${role} cannot rename the book`);
    await this.deps.store.renameBook(bookId, title);
    return this.getBook(userId, bookId);
  }

  async listBooks(userId: string): Promise<BookView[]> {
    return (await this.deps.store.listBooksOf(userId)).map((book) => ({
      id: book.id,
      title: book.title,
      role: book.role,
      createdAt: new Date(book.createdAt).toISOString(),
    }));
  }

  async getBook(userId: string, bookId: string): Promise<BookView> {
    const [book, role] = await Promise.all([
      this.deps.store.findBook(bookId),
      this.deps.store.roleOf(bookId, userId),
    ]);
    if (!book || !role) throw new AppError('not-found', 'no such book');
    return { id: bookId, title: book.title, role, createdAt: new Date(book.createdAt).toISOString() };
  }

  /**
   * A book's members. E-mail addresses are the owner's to see (and each member's own): a book may
   * take readers from a public link, and they must not harvest everyone's address.
   */
  async listMembers(userId: string, bookId: string): Promise<MemberView[]> {
    const viewer = await this.requireRole(userId, bookId);
    return (await this.deps.store.listMembers(bookId)).map(({ userId: id, name, email, color, role }) => ({
      userId: id,
      name,
      email: viewer === 'owner' || id === userId ? email : null,
      color,
      role,
    }));
  }

  /**
   * A member's own colour in one book: refused with 'conflict' (409) when another member's there
   * is too close to it, 'invalid-request' (400) when it is unreadable on the page.
   */
  async setMemberColor(actorId: string, bookId: string, userId: string, color: string): Promise<MemberView> {
    await this.requireRole(actorId, bookId);
    if (actorId !== userId) throw new AppError('forbidden', 'members choose only their own colour');
    const change = await this.deps.store.setMemberColor(bookId, userId, color);
    if (change === 'not-member') throw new AppError('not-found', 'no such member');
    if (change === 'too-close') {
      throw new AppError('conflict', `colour ${color} is too close to another member's colour in this book`);
    }
    if (change !== 'done') {
      throw new AppError('invalid-request', `colour ${color} cannot be read on the page (${change})`);
    }
    this.deps.onMemberColorChange?.(bookId, userId, color);
    return (await this.listMembers(actorId, bookId)).find((member) => member.userId === userId)!;
  }

  async setRole(actorId: string, bookId: string, userId: string, role: Role): Promise<MemberView> {
    await this.requireOwner(actorId, bookId);
    const current = await this.deps.store.roleOf(bookId, userId);
    if (!current) throw new AppError('not-found', 'no such member');
    await this.changeRole(bookId, userId, role);
    const member = (await this.deps.store.listMembers(bookId)).find((m) => m.userId === userId)!;
    return { userId, name: member.name, email: member.email, color: member.color, role };
  }

  async removeMember(actorId: string, bookId: string, userId: string): Promise<void> {
    if (actorId !== userId) await this.requireOwner(actorId, bookId);
    const current = await this.deps.store.roleOf(bookId, userId);
    if (!current) throw new AppError('not-found', 'no such member');
    await this.changeRole(bookId, userId, null);
  }

  async createInvite(
    actorId: string,
    bookId: string,
    role: Role,
    limits: { expiresInDays?: number | undefined; maxUses?: number | undefined } = {},
  ): Promise<InviteView> {
    await this.requireOwner(actorId, bookId);
    const now = this.now();
    const invite: InviteRecord = {
      id: `i_${randomToken(9)}`,
      code: randomToken(24),
      bookId,
      role,
      createdBy: actorId,
      createdAt: now,
      revokedAt: null,
      expiresAt: limits.expiresInDays === undefined ? null : now + limits.expiresInDays * DAY_MS,
      maxUses: limits.maxUses ?? null,
      useCount: 0,
    };
    await this.deps.store.createInvite(invite);
    return inviteView(invite);
  }

  async listInvites(actorId: string, bookId: string): Promise<InviteView[]> {
    await this.requireOwner(actorId, bookId);
    return (await this.deps.store.listInvites(bookId)).map(inviteView);
  }

  async revokeInvite(actorId: string, bookId: string, inviteId: string): Promise<void> {
    await this.requireOwner(actorId, bookId);
    if (!(await this.deps.store.revokeInvite(bookId, inviteId, this.now())))
      throw new AppError('not-found', 'no such invite');
  }

  async previewInvite(code: string): Promise<InvitePreview> {
    const invite = await this.liveInvite(code);
    const book = (await this.deps.store.findBook(invite.bookId))!;
    const inviter = await this.deps.store.findUserById(invite.createdBy);
    return { bookId: book.id, bookTitle: book.title, role: invite.role, invitedBy: inviter?.name ?? null };
  }

  /** Joins the book with the invite's role; never lowers a role the user already has. */
  async acceptInvite(userId: string, code: string): Promise<BookView> {
    // A used-up link still opens the book for whom it changes nothing (a member already).
    const invite = await this.liveInvite(code, { isUsedUpOk: true });
    const current = await this.deps.store.roleOf(invite.bookId, userId);
    const role = current
      ? lesserRole(current, invite.role) === current
        ? invite.role
        : current
      : invite.role;
    if (role !== current) {
      // Only a join (or a raise) uses the link up; opening it again as a member costs nothing.
      if (!(await this.deps.store.claimInviteUse(invite.id))) throw usedUp();
      await this.changeRole(invite.bookId, userId, role);
    }
    return this.getBook(userId, invite.bookId);
  }

  /** A short-lived WebSocket token for a member, carrying their current role (or less, if asked). */
  async mintConnectionToken(
    userId: string,
    bookId: string,
    lifetimeSeconds = CONNECTION_TOKEN_LIFETIME_S,
    atMost?: Role,
  ): Promise<ReturnType<ConnectionTokens['mint']>> {
    const current = await this.requireRole(userId, bookId);
    const role = atMost ? lesserRole(atMost, current) : current;
    return this.deps.tokens.mint({ userId, bookId, role }, lifetimeSeconds, this.now());
  }

  /** Display names of users (for history and credits: they may have left the book since). */
  async displayNames(userIds: Iterable<string>): Promise<Map<string, string>> {
    const ids = [...new Set(userIds)];
    const users = await Promise.all(ids.map((id) => this.deps.store.findUserById(id)));
    const names = new Map<string, string>();
    for (const user of users) if (user) names.set(user.id, user.name);
    return names;
  }

  /** For the admin CLI: the id of the user with this email. */
  async userIdByEmail(email: string): Promise<string> {
    const user = await this.deps.store.findUserByEmail(email.toLowerCase());
    if (!user) throw new AppError('not-found', `no user with email ${email}`);
    return user.id;
  }

  /** For the admin CLI: sets a role without an acting owner (still keeps the book an owner). */
  async addMemberAsAdmin(bookId: string, userId: string, role: Role): Promise<void> {
    if (!(await this.deps.store.findBook(bookId))) throw new AppError('not-found', `no book ${bookId}`);
    await this.changeRole(bookId, userId, role);
  }

  /** For the admin CLI: removes a member without an acting owner. */
  async removeMemberAsAdmin(bookId: string, userId: string): Promise<void> {
    const current = await this.deps.store.roleOf(bookId, userId);
    if (!current) throw new AppError('not-found', 'no such member');
    await this.changeRole(bookId, userId, null);
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
      userId = (await this.userForSession(credentials.sessionToken)).id;
    }
    const found = await this.deps.store.findConnectingMember(bookId, userId);
    if (!found) throw new AppError('not-found', 'no such book');
    const { member } = found;
    if (!member) throw new AppError('forbidden', 'not a member of this book');
    const role = granted ? lesserRole(granted, member.role) : member.role;
    return { userId, name: member.name, color: member.color, bookId, role };
  }

  private async startSession(userId: string): Promise<string> {
    const token = randomToken(32);
    await this.deps.store.createSession(sha256(token), userId, this.now() + SESSION_LIFETIME_MS);
    return token;
  }

  private async liveInvite(code: string, { isUsedUpOk = false } = {}): Promise<InviteRecord> {
    const invite = await this.deps.store.findInviteByCode(code);
    if (!invite || invite.revokedAt !== null) throw new AppError('not-found', 'invite not found or revoked');
    if (invite.expiresAt !== null && invite.expiresAt <= this.now()) {
      throw new AppError('not-found', 'this invite link has expired');
    }
    if (!isUsedUpOk && invite.maxUses !== null && invite.useCount >= invite.maxUses) throw usedUp();
    return invite;
  }

  /** The caller's role; 404 for a book that does not exist or that the caller cannot see. */
  private async requireRole(userId: string, bookId: string): Promise<Role> {
    // A membership row exists only while its book does (ON DELETE CASCADE): the role alone tells.
    const role = await this.deps.store.roleOf(bookId, userId);
    if (!role) throw new AppError('not-found', 'no such book');
    return role;
  }

  private async requireOwner(userId: string, bookId: string): Promise<void> {
    if (!canManageMembers(await this.requireRole(userId, bookId)))
      throw new AppError('forbidden', 'only the owner may do this');
  }

  /** Sets (or, with null, ends) a membership and announces it; the store keeps an owner. */
  private async changeRole(bookId: string, userId: string, role: Role | null): Promise<void> {
    const change =
      role === null
        ? await this.deps.store.removeMember(bookId, userId)
        : await this.deps.store.setRole(bookId, userId, role);
    if (change === 'last-owner') throw new AppError('conflict', 'a book keeps at least one owner');
    this.deps.onMembershipChange?.(bookId, userId, role);
  }
}

function usedUp(): AppError {
  return new AppError('not-found', 'this invite link has been used as many times as it allows');
}
