import { beforeEach, describe, expect, it } from 'vitest';
import type {
  AccountStore,
  InviteRecord,
  NewNotification,
  UserRecord,
} from '../../src/accounts/account-store';

/** Gives each test an empty store; the suite never closes it (the fixture does, after the file). */
export type OpenEmptyStore = () => Promise<AccountStore>;

const user = (handle: string, fields: Partial<UserRecord> = {}): UserRecord => ({
  id: `u_${handle}`,
  email: `${handle}@test.invalid`,
  name: handle,
  color: '#1971c2',
  passwordHash: `scrypt$${handle}`,
  createdAt: 1_776_000_000_000,
  ...fields,
});

const invite = (id: string, fields: Partial<InviteRecord> = {}): InviteRecord => ({
  id,
  code: `code-${id}`,
  bookId: 'b1',
  role: 'author',
  createdBy: 'u_owner',
  createdAt: 1_776_000_000_000,
  revokedAt: null,
  expiresAt: null,
  maxUses: null,
  useCount: 0,
  ...fields,
});

const mention = (
  userId: string,
  commentId: string,
  fields: Partial<NewNotification> = {},
): NewNotification => ({
  userId,
  kind: 'mention',
  bookId: 'b1',
  chapterId: 'c1',
  threadId: 't1',
  commentId,
  fromUserId: 'u_owner',
  excerpt: `about ${commentId}`,
  createdAt: 1_776_000_000_000,
  ...fields,
});

/**
 * What every `AccountStore` promises, whatever its database: run by account-store.test.ts against
 * memory, SQLite and PostgreSQL.
 */
export function accountStoreContract(openEmptyStore: OpenEmptyStore): void {
  let store: AccountStore;

  beforeEach(async () => {
    store = await openEmptyStore();
  });

  /** The owner u_owner, the book b1 they own, and the users named. */
  const withBook = async (...handles: string[]) => {
    for (const handle of ['owner', ...handles]) await store.createUser(user(handle));
    expect(await store.createBook({ id: 'b1', title: 'One', createdAt: 1000 }, 'u_owner')).toBe(true);
  };

  describe('users', () => {
    it('finds a created user by id and by email', async () => {
      const ada = user('ada');
      expect(await store.createUser(ada)).toEqual(ada);
      expect(await store.findUserById('u_ada')).toEqual(ada);
      expect(await store.findUserByEmail('ada@test.invalid')).toEqual(ada);
      expect(await store.findUserById('u_nobody')).toBeNull();
      expect(await store.findUserByEmail('nobody@test.invalid')).toBeNull();
    });

    it('answers null for a taken email and keeps the first account', async () => {
      await store.createUser(user('ada'));
      expect(await store.createUser(user('other', { email: 'ada@test.invalid' }))).toBeNull();
      expect(await store.findUserByEmail('ada@test.invalid')).toMatchObject({ id: 'u_ada', name: 'ada' });
      expect(await store.findUserById('u_other')).toBeNull();
    });

    it('compares emails exactly as given (the service lowercases them)', async () => {
      await store.createUser(user('ada'));
      expect(await store.findUserByEmail('ADA@test.invalid')).toBeNull();
    });
  });

  describe('sessions', () => {
    it("finds a session's user until it expires", async () => {
      await store.createUser(user('ada'));
      await store.createSession('hash-1', 'u_ada', 5000);
      expect(await store.findSessionUser('hash-1', 4999)).toMatchObject({ id: 'u_ada' });
      expect(await store.findSessionUser('hash-1', 5000)).toBeNull();
      expect(await store.findSessionUser('hash-1', 9000)).toBeNull();
      expect(await store.findSessionUser('hash-unknown', 0)).toBeNull();
    });

    it('ends a deleted session and leaves the others', async () => {
      await store.createUser(user('ada'));
      await store.createSession('hash-1', 'u_ada', 5000);
      await store.createSession('hash-2', 'u_ada', 5000);
      await store.deleteSession('hash-1');
      await store.deleteSession('hash-unknown');
      expect(await store.findSessionUser('hash-1', 0)).toBeNull();
      expect(await store.findSessionUser('hash-2', 0)).toMatchObject({ id: 'u_ada' });
    });

    it("ends every session of a user but the one kept, and nobody else's", async () => {
      await store.createUser(user('ada'));
      await store.createUser(user('ben'));
      for (const hash of ['ada-1', 'ada-2', 'ada-3']) await store.createSession(hash, 'u_ada', 5000);
      await store.createSession('ben-1', 'u_ben', 5000);
      await store.deleteSessionsOf('u_ada', 'ada-2');
      expect(await store.findSessionUser('ada-1', 0)).toBeNull();
      expect(await store.findSessionUser('ada-2', 0)).toMatchObject({ id: 'u_ada' });
      expect(await store.findSessionUser('ada-3', 0)).toBeNull();
      await store.deleteSessionsOf('u_ada');
      expect(await store.findSessionUser('ada-2', 0)).toBeNull();
      expect(await store.findSessionUser('ben-1', 0)).toMatchObject({ id: 'u_ben' });
    });
  });

  describe('user updates', () => {
    it('changes only the fields given and answers the user as stored', async () => {
      const ada = user('ada');
      await store.createUser(ada);
      expect(await store.updateUser('u_ada', { name: 'Ada L.' })).toEqual({ ...ada, name: 'Ada L.' });
      expect(await store.updateUser('u_ada', { color: '#2b8a3e', passwordHash: 'scrypt$new' })).toEqual({
        ...ada,
        name: 'Ada L.',
        color: '#2b8a3e',
        passwordHash: 'scrypt$new',
      });
      expect(await store.findUserByEmail('ada@test.invalid')).toMatchObject({
        name: 'Ada L.',
        color: '#2b8a3e',
      });
      expect(await store.updateUser('u_nobody', { name: 'X' })).toBeNull();
    });
  });

  describe('books', () => {
    it('creates a book with its owner, and refuses a taken id without changing anything', async () => {
      await withBook('ada');
      expect(await store.findBook('b1')).toEqual({ id: 'b1', title: 'One', createdAt: 1000 });
      expect(await store.roleOf('b1', 'u_owner')).toBe('owner');
      expect(await store.createBook({ id: 'b1', title: 'Again', createdAt: 2000 }, 'u_ada')).toBe(false);
      expect(await store.findBook('b1')).toMatchObject({ title: 'One' });
      expect(await store.roleOf('b1', 'u_ada')).toBeNull();
      expect(await store.findBook('b-unknown')).toBeNull();
    });

    it('renames a book', async () => {
      await withBook();
      await store.renameBook('b1', 'Renamed');
      await store.renameBook('b-unknown', 'Nothing');
      expect(await store.findBook('b1')).toMatchObject({ title: 'Renamed' });
    });

    it("lists a user's books newest first with their role there", async () => {
      await withBook('ada');
      await store.createBook({ id: 'b2', title: 'Two', createdAt: 3000 }, 'u_ada');
      await store.createBook({ id: 'b3', title: 'Three', createdAt: 2000 }, 'u_owner');
      await store.createBook({ id: 'b4', title: 'Four', createdAt: 2000 }, 'u_owner');
      await store.setRole('b1', 'u_ada', 'reader');
      await store.setRole('b4', 'u_ada', 'author');
      expect(await store.listBooksOf('u_ada')).toEqual([
        { id: 'b2', title: 'Two', createdAt: 3000, role: 'owner' },
        { id: 'b4', title: 'Four', createdAt: 2000, role: 'author' },
        { id: 'b1', title: 'One', createdAt: 1000, role: 'reader' },
      ]);
      expect((await store.listBooksOf('u_owner')).map((book) => book.id)).toEqual(['b4', 'b3', 'b1']);
      expect(await store.listBooksOf('u_nobody')).toEqual([]);
    });
  });

  describe('members', () => {
    it('tells a connection who it is in one answer: no book, not a member, or the member', async () => {
      await withBook('ada', 'bob');
      await store.setRole('b1', 'u_ada', 'reviewer');
      expect(await store.findConnectingMember('b-unknown', 'u_ada')).toBeNull();
      expect(await store.findConnectingMember('b1', 'u_bob')).toEqual({ member: null });
      expect(await store.findConnectingMember('b1', 'u_nobody')).toEqual({ member: null });
      // Her colour in the book: not the owner's (both accounts have #1971c2; see member colours).
      const color = (await store.listMembers('b1')).find((member) => member.userId === 'u_ada')?.color;
      expect(color).not.toBe('#1971c2');
      expect(await store.findConnectingMember('b1', 'u_ada')).toEqual({
        member: { name: 'ada', color, role: 'reviewer' },
      });
    });

    it('adds and changes memberships', async () => {
      await withBook('ada');
      expect(await store.roleOf('b1', 'u_ada')).toBeNull();
      expect(await store.setRole('b1', 'u_ada', 'reader')).toBe('done');
      expect(await store.roleOf('b1', 'u_ada')).toBe('reader');
      expect(await store.setRole('b1', 'u_ada', 'author')).toBe('done');
      expect(await store.roleOf('b1', 'u_ada')).toBe('author');
    });

    it('lists members by name in binary order, then by user id, with their details', async () => {
      await store.createUser(user('owner', { name: 'adam' }));
      await store.createUser(user('zoe', { name: 'Zoe', color: '#000000' }));
      await store.createUser(user('twin-b', { name: 'Twin' }));
      await store.createUser(user('twin-a', { name: 'Twin' }));
      await store.createBook({ id: 'b1', title: 'One', createdAt: 1000 }, 'u_owner');
      for (const id of ['u_zoe', 'u_twin-b', 'u_twin-a']) await store.setRole('b1', id, 'author');
      const members = await store.listMembers('b1');
      expect(members.map((m) => m.userId)).toEqual(['u_twin-a', 'u_twin-b', 'u_zoe', 'u_owner']);
      expect(members[2]).toEqual({
        bookId: 'b1',
        userId: 'u_zoe',
        role: 'author',
        name: 'Zoe',
        email: 'zoe@test.invalid',
        color: '#000000',
      });
      expect(await store.listMembers('b-unknown')).toEqual([]);
    });

    it('removes a member, and answers done for someone who is not one', async () => {
      await withBook('ada');
      await store.setRole('b1', 'u_ada', 'author');
      expect(await store.removeMember('b1', 'u_ada')).toBe('done');
      expect(await store.roleOf('b1', 'u_ada')).toBeNull();
      expect(await store.removeMember('b1', 'u_ada')).toBe('done');
    });

    it('never leaves a book without an owner', async () => {
      await withBook('ada');
      expect(await store.setRole('b1', 'u_owner', 'author')).toBe('last-owner');
      expect(await store.removeMember('b1', 'u_owner')).toBe('last-owner');
      expect(await store.roleOf('b1', 'u_owner')).toBe('owner');

      await store.setRole('b1', 'u_ada', 'owner');
      expect(await store.setRole('b1', 'u_owner', 'reader')).toBe('done');
      expect(await store.removeMember('b1', 'u_ada')).toBe('last-owner');
      expect(await store.setRole('b1', 'u_ada', 'owner')).toBe('done');
    });

    it('keeps one owner when two owners demote or remove each other at once', async () => {
      await withBook('ada');
      // Several rounds: a race that a missing lock loses only sometimes still shows.
      for (let round = 0; round < 10; round += 1) {
        await store.setRole('b1', 'u_owner', 'owner');
        await store.setRole('b1', 'u_ada', 'owner');
        const changes = await Promise.all([
          store.setRole('b1', 'u_owner', 'author'),
          store.removeMember('b1', 'u_ada'),
        ]);
        expect([...changes].sort()).toEqual(['done', 'last-owner']);
        const owners = (await store.listMembers('b1')).filter((m) => m.role === 'owner');
        expect(owners).toHaveLength(1);
      }
    });
  });

  describe('invites', () => {
    it('finds an invite by its code', async () => {
      await withBook();
      await store.createInvite(invite('i1'));
      expect(await store.findInviteByCode('code-i1')).toEqual(invite('i1'));
      expect(await store.findInviteByCode('code-unknown')).toBeNull();
    });

    it("lists a book's invites newest first", async () => {
      await withBook();
      await store.createBook({ id: 'b2', title: 'Two', createdAt: 1000 }, 'u_owner');
      await store.createInvite(invite('i1', { createdAt: 1000 }));
      await store.createInvite(invite('i2', { createdAt: 3000 }));
      await store.createInvite(invite('i3', { createdAt: 2000, role: 'reader' }));
      await store.createInvite(invite('i4', { createdAt: 2000 }));
      await store.createInvite(invite('other', { bookId: 'b2' }));
      expect((await store.listInvites('b1')).map((i) => i.id)).toEqual(['i2', 'i4', 'i3', 'i1']);
      expect((await store.listInvites('b1'))[2]).toEqual(invite('i3', { createdAt: 2000, role: 'reader' }));
    });

    it('revokes an invite once, keeping the first revocation time', async () => {
      await withBook();
      await store.createBook({ id: 'b2', title: 'Two', createdAt: 1000 }, 'u_owner');
      await store.createInvite(invite('i1'));
      expect(await store.revokeInvite('b2', 'i1', 5000)).toBe(false);
      expect(await store.revokeInvite('b1', 'i-unknown', 5000)).toBe(false);
      expect(await store.findInviteByCode('code-i1')).toMatchObject({ revokedAt: null });
      expect(await store.revokeInvite('b1', 'i1', 5000)).toBe(true);
      expect(await store.revokeInvite('b1', 'i1', 6000)).toBe(true);
      expect(await store.findInviteByCode('code-i1')).toMatchObject({ revokedAt: 5000 });
    });
  });

  describe('invite uses', () => {
    it('counts uses up to the limit, atomically, and any number without one', async () => {
      await withBook();
      await store.createInvite(invite('limited', { maxUses: 2 }));
      await store.createInvite(invite('open'));
      const claims = await Promise.all([1, 2, 3].map(() => store.claimInviteUse('limited')));
      expect(claims.filter(Boolean)).toHaveLength(2);
      expect(await store.findInviteByCode('code-limited')).toMatchObject({ maxUses: 2, useCount: 2 });
      for (let i = 0; i < 3; i++) expect(await store.claimInviteUse('open')).toBe(true);
      expect(await store.findInviteByCode('code-open')).toMatchObject({ maxUses: null, useCount: 3 });
      expect(await store.claimInviteUse('nope')).toBe(false);
    });

    it('keeps an expiry time', async () => {
      await withBook();
      await store.createInvite(invite('dated', { expiresAt: 1_777_000_000_000 }));
      expect(await store.findInviteByCode('code-dated')).toMatchObject({ expiresAt: 1_777_000_000_000 });
    });
  });

  describe('notifications', () => {
    it("lists a user's notifications newest first, with the sender's name", async () => {
      await withBook('ada', 'bob');
      await store.addNotifications([mention('u_ada', 'k1'), mention('u_bob', 'k1')]);
      await store.addNotifications([mention('u_ada', 'k2', { fromUserId: 'u_bob', threadId: 't2' })]);
      await store.addNotifications([mention('u_ada', 'k3', { fromUserId: 'u_gone' })]);
      const listed = await store.listNotifications('u_ada', 10);
      expect(listed.map((n) => [n.commentId, n.fromName])).toEqual([
        ['k3', 'u_gone'],
        ['k2', 'bob'],
        ['k1', 'owner'],
      ]);
      expect(listed[1]).toEqual({
        ...mention('u_ada', 'k2', { fromUserId: 'u_bob', threadId: 't2' }),
        id: expect.any(Number),
        fromName: 'bob',
        readAt: null,
      });
      expect(listed[0]!.id).toBeGreaterThan(listed[1]!.id);
      expect(listed[1]!.id).toBeGreaterThan(listed[2]!.id);
      expect(await store.listNotifications('u_ada', 2)).toEqual(listed.slice(0, 2));
      expect(await store.listNotifications('u_nobody', 10)).toEqual([]);
    });

    it('keeps the first notification of a user and comment, within a batch and across batches', async () => {
      await withBook('ada');
      await store.addNotifications([]);
      await store.addNotifications([mention('u_ada', 'k1'), mention('u_ada', 'k1', { excerpt: 'second' })]);
      await store.addNotifications([mention('u_ada', 'k1', { excerpt: 'third' })]);
      await store.addNotifications([mention('u_ada', 'k1', { chapterId: 'c2' })]);
      const listed = await store.listNotifications('u_ada', 10);
      expect(listed.map((n) => [n.chapterId, n.excerpt])).toEqual([
        ['c2', 'about k1'],
        ['c1', 'about k1'],
      ]);
    });

    it("counts unread notifications and marks only the user's own read, once", async () => {
      await withBook('ada', 'bob');
      await store.addNotifications([mention('u_ada', 'k1'), mention('u_ada', 'k2'), mention('u_bob', 'k1')]);
      const [k2, k1] = await store.listNotifications('u_ada', 10);
      const [bobs] = await store.listNotifications('u_bob', 10);
      expect(await store.countUnreadNotifications('u_ada')).toBe(2);

      await store.markNotificationsRead('u_ada', [k1!.id, bobs!.id], 7000);
      await store.markNotificationsRead('u_ada', [], 7500);
      await store.markNotificationsRead('u_ada', [k1!.id, k2!.id], 8000);
      expect(await store.countUnreadNotifications('u_ada')).toBe(0);
      expect(await store.countUnreadNotifications('u_bob')).toBe(1);
      const after = await store.listNotifications('u_ada', 10);
      expect(after.map((n) => [n.commentId, n.readAt])).toEqual([
        ['k2', 8000],
        ['k1', 7000],
      ]);
    });
  });
}
