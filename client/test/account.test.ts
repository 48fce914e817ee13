import { describe, expect, it } from 'vitest';
import type { UserView } from '@wethink/shared/client';
import { AccountCache } from '../src/account/account-cache';
import { AccountController } from '../src/account/account-controller';
import type { ApiClient } from '../src/api/api-client';
import { ApiError } from '../src/api/api-error';
import { capabilitiesOf } from '../src/account/capabilities';
import { memoryStorage } from './support/memory-storage';

const ada = { id: 'u_ada', email: 'ada@example.com', name: 'Ada', color: '#1971c2' };

describe('capabilitiesOf', () => {
  it('lets owners and authors write, only owners manage people', () => {
    expect(capabilitiesOf('owner')).toEqual({ canWrite: true, canManageMembers: true, badge: null });
    expect(capabilitiesOf('author')).toEqual({ canWrite: true, canManageMembers: false, badge: null });
  });

  it('makes reviewers and readers read-only, with a badge saying so', () => {
    expect(capabilitiesOf('reviewer')).toEqual({
      canWrite: false,
      canManageMembers: false,
      badge: 'Reviewing',
    });
    expect(capabilitiesOf('reader')).toEqual({
      canWrite: false,
      canManageMembers: false,
      badge: 'Reading only',
    });
  });

  it('keeps an unknown role read-only', () => {
    expect(capabilitiesOf(null)).toEqual({ canWrite: false, canManageMembers: false, badge: null });
  });
});

describe('AccountCache', () => {
  it('remembers the user and their roles for offline use, and forgets on clear', () => {
    const cache = new AccountCache(memoryStorage());
    expect(cache.load()).toBeNull();
    cache.saveUser(ada);
    cache.saveRole('b_1', 'owner');
    cache.saveRole('b_2', 'reviewer');
    cache.saveRole('b_2', null);
    expect(cache.load()).toEqual({ user: ada, roles: { b_1: 'owner' } });
    expect(cache.roleIn('b_1')).toBe('owner');
    cache.clear();
    expect(cache.load()).toBeNull();
    expect(cache.roleIn('b_1')).toBeNull();
  });

  it("drops the previous user's roles when someone else signs in", () => {
    const cache = new AccountCache(memoryStorage());
    cache.saveUser(ada);
    cache.saveRole('b_1', 'owner');
    cache.saveUser({ ...ada, name: 'Ada L.' });
    expect(cache.roleIn('b_1')).toBe('owner');
    cache.saveUser({ ...ada, id: 'u_ben', name: 'Ben' });
    expect(cache.roleIn('b_1')).toBeNull();
  });

  it('ignores corrupt or forged entries', () => {
    const storage = memoryStorage();
    const cache = new AccountCache(storage);
    storage.setItem('wethink:account', '{nope');
    expect(cache.load()).toBeNull();
    storage.setItem('wethink:account', JSON.stringify({ user: { ...ada, color: 'red' }, roles: {} }));
    expect(cache.load()).toBeNull();
    storage.setItem(
      'wethink:account',
      JSON.stringify({ user: ada, roles: { b_1: 'admin', '../x': 'owner', b_2: 'reader' } }),
    );
    expect(cache.load()?.roles).toEqual({ b_2: 'reader' });
  });
});

describe('AccountController', () => {
  const host = { addController: () => {}, removeController: () => {}, requestUpdate: () => {} };

  function controllerAnswering(me: () => Promise<UserView>, cache: AccountCache) {
    const api = { me } as Pick<ApiClient, 'me'> as ApiClient;
    return new AccountController(host as never, { api, cache });
  }

  it('signs out on a 401 and forgets the cached account', async () => {
    const cache = new AccountCache(memoryStorage());
    cache.saveUser(ada);
    const account = controllerAnswering(async () => {
      throw new ApiError('unauthenticated', 401, 'unauthenticated', 'Not signed in.');
    }, cache);
    await account.load();
    expect(account.state).toEqual({ status: 'signed-out' });
    expect(cache.load()).toBeNull();
  });

  it('keeps the cached user, unconfirmed, when the server cannot answer', async () => {
    const cache = new AccountCache(memoryStorage());
    cache.saveUser(ada);
    for (const error of [
      new ApiError('unreachable', 0, 'unreachable', 'x'),
      new ApiError('server', 500, 'internal', 'x'),
    ]) {
      const account = controllerAnswering(() => Promise.reject(error), cache);
      await account.load();
      expect(account.state).toEqual({ status: 'signed-in', user: ada, isConfirmed: false });
    }
    const empty = controllerAnswering(
      () => Promise.reject(new ApiError('unreachable', 0, 'unreachable', 'x')),
      new AccountCache(memoryStorage()),
    );
    await empty.load();
    expect(empty.state).toEqual({ status: 'unreachable' });
  });
});
