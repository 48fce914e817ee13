import { describe, expect, it } from 'vitest';
import { BookTitleSync } from '../src/app/book-title-sync';

function recorder(fail = false) {
  const calls: [string, string][] = [];
  const api = {
    renameBook: (bookId: string, title: string) => {
      calls.push([bookId, title]);
      return fail ? Promise.reject(new Error('offline')) : Promise.resolve({} as never);
    },
  };
  return { calls, sync: new BookTitleSync({ api }) };
}

const member = (role: 'owner' | 'author' | 'reviewer' | 'reader', title: string, isConfirmed = true) => ({
  status: 'member' as const,
  role,
  isConfirmed,
  title,
});

describe('BookTitleSync', () => {
  it('sends a writer’s index title once when the server’s differs', () => {
    const { calls, sync } = recorder();
    sync.check('b_1', 'New', member('author', 'Old'));
    sync.check('b_1', 'New', member('author', 'Old'));
    expect(calls).toEqual([['b_1', 'New']]);
    sync.check('b_1', 'Newer', member('author', 'Old'));
    expect(calls).toEqual([
      ['b_1', 'New'],
      ['b_1', 'Newer'],
    ]);
  });

  it('sends nothing when titles agree, for readers, or before the server confirmed the access', () => {
    const { calls, sync } = recorder();
    sync.check('b_1', 'Same', member('owner', 'Same'));
    sync.check('b_1', 'New', member('reviewer', 'Old'));
    sync.check('b_1', 'New', member('owner', 'Old', false));
    sync.check('b_1', undefined, member('owner', 'Old'));
    sync.check('b_1', 'New', { status: 'checking' });
    expect(calls).toEqual([]);
  });

  it('tries again on the next visit after a failure', async () => {
    const { calls, sync } = recorder(true);
    sync.check('b_1', 'New', member('owner', 'Old'));
    await Promise.resolve();
    sync.check('b_1', 'New', member('owner', 'Old'));
    expect(calls).toHaveLength(1);
    sync.reset();
    sync.check('b_1', 'New', member('owner', 'Old'));
    expect(calls).toHaveLength(2);
  });
});
