import type { BookView, Role } from '@wethink/shared/client';
import { describe, expect, it } from 'vitest';
import { AccountCache } from '../src/account/account-cache';
import { ApiError } from '../src/api/api-error';
import { BookAccessController } from '../src/app/book-access-controller';
import { memoryStorage } from './support/memory-storage';

/** A host that counts updates, an API whose next answers the test queues, and a clock. */
function setup({ cachedRole = null as Role | null } = {}) {
  const answers: Array<BookView | ApiError> = [];
  const calls: string[] = [];
  let now = 0;
  let updates = 0;
  let signedOut = 0;
  const cache = new AccountCache(memoryStorage());
  cache.saveUser({ id: 'u_1', email: 'a@example.com', name: 'A', color: '#123456' });
  if (cachedRole !== null) cache.saveRole('b_1', cachedRole);
  const host = { addController: () => {}, removeController: () => {}, requestUpdate: () => void updates++ };
  const controller = new BookAccessController(host as never, {
    api: {
      getBook: async (bookId) => {
        calls.push(bookId);
        const answer = answers.shift();
        if (answer === undefined) throw new Error('no answer queued');
        if (answer instanceof ApiError) throw answer;
        return answer;
      },
    },
    cache,
    nowMs: () => now,
    recheckIntervalMs: 5000,
    onSignedOut: () => void signedOut++,
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return {
    controller,
    cache,
    answers,
    calls,
    settle,
    tick: (ms: number) => void (now += ms),
    updates: () => updates,
    signedOut: () => signedOut,
  };
}

const book = (role: Role): BookView => ({ id: 'b_1', title: 'B', role, createdAt: '2026-01-01T00:00:00Z' });
const fail = (status: number, kind: ApiError['kind']) => new ApiError(kind, status, kind, kind);

describe('BookAccessController', () => {
  it('starts from the cached role, then confirms it with the server and caches the answer', async () => {
    const t = setup({ cachedRole: 'author' });
    t.answers.push(book('reviewer'));
    t.controller.watch('b_1');
    expect(t.controller.access).toEqual({ status: 'member', role: 'author', isConfirmed: false });
    await t.settle();
    expect(t.controller.access).toEqual({
      status: 'member',
      role: 'reviewer',
      isConfirmed: true,
      title: 'B',
    });
    expect(t.cache.roleIn('b_1')).toBe('reviewer');
  });

  it('tells a book never joined (not found) from one the user was removed from (no access)', async () => {
    const stranger = setup();
    stranger.answers.push(fail(404, 'not-found'));
    stranger.controller.watch('b_1');
    expect(stranger.controller.access.status).toBe('checking');
    await stranger.settle();
    expect(stranger.controller.access.status).toBe('not-found');

    const removed = setup({ cachedRole: 'author' });
    removed.answers.push(book('author'), fail(404, 'not-found'));
    removed.controller.watch('b_1');
    await removed.settle();
    removed.controller.recheck();
    await removed.settle();
    expect(removed.controller.access.status).toBe('no-access');
    expect(removed.cache.roleIn('b_1')).toBeNull();
  });

  it('reports a 401 as signed out', async () => {
    const t = setup({ cachedRole: 'owner' });
    t.answers.push(fail(401, 'unauthenticated'));
    t.controller.watch('b_1');
    await t.settle();
    expect(t.controller.access.status).toBe('signed-out');
    expect(t.signedOut()).toBe(1);
  });

  it('keeps the cached role, unconfirmed, while the server is unreachable', async () => {
    const t = setup({ cachedRole: 'author' });
    t.answers.push(fail(0, 'unreachable'));
    t.controller.watch('b_1');
    await t.settle();
    expect(t.controller.access).toEqual({ status: 'member', role: 'author', isConfirmed: false });

    const unknown = setup();
    unknown.answers.push(fail(0, 'unreachable'));
    unknown.controller.watch('b_1');
    await unknown.settle();
    expect(unknown.controller.access.status).toBe('unknown');
  });

  it('asks about a failing socket at most once per interval, and one request at a time', async () => {
    const t = setup({ cachedRole: 'author' });
    t.answers.push(book('author'));
    t.controller.watch('b_1');
    await t.settle();
    t.tick(1000);
    t.controller.noteSocketTrouble();
    expect(t.calls).toHaveLength(1);
    t.tick(4000);
    t.answers.push(book('author'), book('reviewer'));
    t.controller.noteSocketTrouble();
    t.controller.recheck();
    t.controller.recheck();
    expect(t.calls).toHaveLength(2);
    await t.settle();
    await t.settle();
    expect(t.calls).toHaveLength(3);
    expect(t.controller.access).toMatchObject({ role: 'reviewer' });
  });

  it('holds the role in doubt from a role change until the new one is known', async () => {
    const t = setup({ cachedRole: 'author' });
    t.answers.push(book('author'));
    t.controller.watch('b_1');
    await t.settle();
    t.answers.push(fail(0, 'unreachable'), book('reviewer'));
    t.controller.noteRoleChanged();
    expect(t.controller.access).toMatchObject({ role: 'author', isChanging: true });
    await t.settle();
    // No answer: still in doubt, not back to the old role.
    expect(t.controller.access).toMatchObject({ role: 'author', isChanging: true });
    t.controller.recheck();
    await t.settle();
    expect(t.controller.access).toEqual({
      status: 'member',
      role: 'reviewer',
      isConfirmed: true,
      title: 'B',
    });
  });

  it('ignores an answer about a book no longer on screen', async () => {
    const t = setup();
    t.answers.push(book('owner'));
    t.controller.watch('b_1');
    t.controller.watch(null);
    await t.settle();
    expect(t.controller.access.status).toBe('checking');
  });
});
