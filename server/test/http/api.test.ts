import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Role } from '@wethink/shared';
import { ApiUser, bookWithMembers } from '../protocol/api-user';
import { startTestServer, type TestServer } from '../start-test-server';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer({ SIGN_IN_PER_MINUTE: '5' });
});

afterEach(async () => {
  await server.stop();
});

const post = (path: string, body: unknown) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('accounts', () => {
  it('signs up, reads /api/me with the HttpOnly cookie, signs out and is then refused', async () => {
    const response = await post('/api/auth/sign-up', {
      email: 'Ada@Example.org',
      name: 'Ada',
      password: 'analytical engine',
    });
    expect(response.status).toBe(201);
    const setCookie = response.headers.getSetCookie()[0]!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const cookie = setCookie.split(';', 1)[0]!;
    const me = await fetch(`${server.url}/api/me`, { headers: { cookie } });
    expect(await me.json()).toMatchObject({ user: { email: 'ada@example.org', name: 'Ada' } });
    await fetch(`${server.url}/api/auth/sign-out`, { method: 'POST', headers: { cookie } });
    const after = await fetch(`${server.url}/api/me`, { headers: { cookie } });
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ user: null });
    // Everything that needs a user still refuses.
    expect((await fetch(`${server.url}/api/books`, { headers: { cookie } })).status).toBe(401);
  });

  it('answers bad bodies with 400 and the field at fault, a taken email with 409', async () => {
    const short = await post('/api/auth/sign-up', { email: 'x@example.org', name: 'X', password: 'short' });
    expect(short.status).toBe(400);
    expect(((await short.json()) as { error: { message: string } }).error.message).toMatch(/password/);
    const body = { email: 'y@example.org', name: 'Y', password: 'long enough' };
    expect((await post('/api/auth/sign-up', body)).status).toBe(201);
    expect((await post('/api/auth/sign-up', body)).status).toBe(409);
  });

  it('refuses a wrong password with 401 and rate-limits sign-in attempts with 429', async () => {
    await post('/api/auth/sign-up', { email: 'z@example.org', name: 'Z', password: 'the right one' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await post('/api/auth/sign-in', { email: 'z@example.org', password: 'a wrong one' })).status,
      );
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
  });
});

describe('account settings', () => {
  const signInAs = async (email: string, password: string): Promise<string | null> => {
    const response = await post('/api/auth/sign-in', { email, password });
    return response.status === 200 ? response.headers.getSetCookie()[0]!.split(';', 1)[0]! : null;
  };
  const me = async (cookie: string) =>
    ((await (await fetch(`${server.url}/api/me`, { headers: { cookie } })).json()) as { user: unknown }).user;
  const send = (cookie: string, method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('changes a name and a colour, and refuses a bad colour, an empty change and a signed-out caller', async () => {
    const ada = await ApiUser.signUp(server.url, 'Ada');
    const renamed = await ada.json<{ user: { name: string; color: string } }>('PATCH', '/api/me', {
      name: '  Ada Lovelace ',
      color: '#2B8A3E',
    });
    expect(renamed.user).toMatchObject({ name: 'Ada Lovelace', color: '#2b8a3e' });
    expect(await me(ada.cookie)).toMatchObject({ name: 'Ada Lovelace', color: '#2b8a3e' });
    expect((await ada.request('PATCH', '/api/me', { color: 'red' })).status).toBe(400);
    expect((await ada.request('PATCH', '/api/me', {})).status).toBe(400);
    expect((await ada.request('PATCH', '/api/me', { name: '' })).status).toBe(400);
    const signedOut = await fetch(`${server.url}/api/me`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Nobody' }),
    });
    expect(signedOut.status).toBe(401);
    // The book's member list shows the new name.
    const { book } = await ada.json<{ book: { id: string } }>('POST', '/api/books', { title: 'Mine' });
    const { members } = await ada.json<{ members: Array<{ name: string }> }>(
      'GET',
      `/api/books/${book.id}/members`,
    );
    expect(members.map((member) => member.name)).toEqual(['Ada Lovelace']);
  });

  it('changes the password given the current one, ending the other sessions but this one', async () => {
    await post('/api/auth/sign-up', { email: 'pw@example.org', name: 'Pw', password: 'first password' });
    const here = (await signInAs('pw@example.org', 'first password'))!;
    const there = (await signInAs('pw@example.org', 'first password'))!;
    const wrong = await send(here, 'POST', '/api/me/password', {
      currentPassword: 'not it',
      newPassword: 'second password',
    });
    expect(wrong.status).toBe(403);
    expect(
      (
        await send(here, 'POST', '/api/me/password', {
          currentPassword: 'first password',
          newPassword: 'short',
        })
      ).status,
    ).toBe(400);
    const changed = await send(here, 'POST', '/api/me/password', {
      currentPassword: 'first password',
      newPassword: 'second password',
    });
    expect(changed.status).toBe(204);
    expect(await me(here)).toMatchObject({ email: 'pw@example.org' });
    expect(await me(there)).toBeNull();
    expect(await signInAs('pw@example.org', 'first password')).toBeNull();
    expect(await signInAs('pw@example.org', 'second password')).not.toBeNull();
  });

  it('signs out everywhere: every session of the account ends, and no one else is touched', async () => {
    await post('/api/auth/sign-up', { email: 'all@example.org', name: 'All', password: 'the password' });
    const one = (await signInAs('all@example.org', 'the password'))!;
    const two = (await signInAs('all@example.org', 'the password'))!;
    const other = await ApiUser.signUp(server.url, 'Other');
    const response = await send(one, 'POST', '/api/me/sign-out-everywhere');
    expect(response.status).toBe(204);
    expect(response.headers.getSetCookie().join(';')).toMatch(/wethink[^=]*=;/);
    expect(await me(one)).toBeNull();
    expect(await me(two)).toBeNull();
    expect(await me(other.cookie)).toMatchObject({ name: 'Other' });
    expect((await fetch(`${server.url}/api/me/sign-out-everywhere`, { method: 'POST' })).status).toBe(401);
  });
});

describe('sign-up', () => {
  it('is rate limited per client address: each one costs a password hash', async () => {
    const limited = await startTestServer({ SIGN_UP_PER_MINUTE: '2' });
    try {
      const signUp = (n: number) =>
        fetch(`${limited.url}/api/auth/sign-up`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: `flood-${n}@example.org`, name: 'Flood', password: 'long enough' }),
        });
      expect([(await signUp(1)).status, (await signUp(2)).status, (await signUp(3)).status]).toEqual([
        201, 201, 429,
      ]);
    } finally {
      await limited.stop();
    }
  });
});

describe('who may manage members (HTTP)', () => {
  const outcomes: Array<[string, number]> = [
    ['owner', 200],
    ['author', 403],
    ['reviewer', 403],
    ['reader', 403],
    ['stranger', 404],
    ['signed-out', 401],
  ];
  for (const [who, status] of outcomes) {
    it(`${who}: changing a member's role answers ${status}`, async () => {
      const { bookId, members, stranger } = await bookWithMembers(server.url);
      const actor = who === 'stranger' ? stranger : who === 'signed-out' ? null : members[who as Role];
      const path = `/api/books/${bookId}/members/${members.reader.id}`;
      const response = actor
        ? await actor.request('PUT', path, { role: Role.author })
        : await fetch(`${server.url}${path}`, {
            method: 'PUT',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ role: Role.author }),
          });
      expect(response.status).toBe(status);
      const { members: list } = await members.owner.json<{ members: Array<{ userId: string; role: Role }> }>(
        'GET',
        `/api/books/${bookId}/members`,
      );
      const expected = status === 200 ? Role.author : Role.reader;
      expect(list.find((m) => m.userId === members.reader.id)?.role).toBe(expected);
    });
  }

  it('keeps the last owner: demoting or removing them answers 409', async () => {
    const { bookId, members } = await bookWithMembers(server.url);
    const path = `/api/books/${bookId}/members/${members.owner.id}`;
    expect((await members.owner.request('PUT', path, { role: Role.author })).status).toBe(409);
    expect((await members.owner.request('DELETE', path)).status).toBe(409);
  });
});

describe('invites', () => {
  it('previews an invite without an account: the book, the role and who invited (their name now)', async () => {
    const { bookId, members } = await bookWithMembers(server.url);
    const { invite } = await members.owner.json<{ invite: { code: string } }>(
      'POST',
      `/api/books/${bookId}/invites`,
      { role: Role.reviewer },
    );
    await members.owner.json('PATCH', '/api/me', { name: 'Olive Owner' });
    const response = await fetch(`${server.url}/api/invites/${invite.code}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      invite: { bookId, bookTitle: 'Roles', role: 'reviewer', invitedBy: 'Olive Owner' },
    });
  });

  it('an invite link limited in uses admits that many people; opening it again as a member costs none', async () => {
    const { bookId, members, stranger } = await bookWithMembers(server.url);
    const { invite } = await members.owner.json<{
      invite: { code: string; maxUses: number; useCount: number };
    }>('POST', `/api/books/${bookId}/invites`, { role: Role.reader, maxUses: 1 });
    expect(invite).toMatchObject({ maxUses: 1, useCount: 0 });
    await stranger.json('POST', `/api/invites/${invite.code}/accept`);
    await stranger.json('POST', `/api/invites/${invite.code}/accept`);
    const late = await ApiUser.signUp(server.url, 'Late');
    const refused = await late.request('POST', `/api/invites/${invite.code}/accept`);
    expect(refused.status).toBe(404);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /used as many times/,
    );
    expect((await late.request('GET', `/api/invites/${invite.code}`)).status).toBe(404);
    const { invites } = await members.owner.json<{ invites: Array<{ code: string; useCount: number }> }>(
      'GET',
      `/api/books/${bookId}/invites`,
    );
    expect(invites.find((entry) => entry.code === invite.code)?.useCount).toBe(1);
  });

  it('an invite link made to expire tells when, and refuses bad limits', async () => {
    const { bookId, members } = await bookWithMembers(server.url);
    const before = Date.now();
    const { invite } = await members.owner.json<{ invite: { expiresAt: string } }>(
      'POST',
      `/api/books/${bookId}/invites`,
      { role: Role.author, expiresInDays: 7 },
    );
    const expiresAt = Date.parse(invite.expiresAt);
    expect(expiresAt - before).toBeGreaterThanOrEqual(7 * 24 * 3600 * 1000 - 1000);
    expect(expiresAt - before).toBeLessThanOrEqual(7 * 24 * 3600 * 1000 + 60_000);
    for (const limits of [{ expiresInDays: 0 }, { maxUses: 0 }, { expiresInDays: 1.5 }]) {
      const response = await members.owner.request('POST', `/api/books/${bookId}/invites`, {
        role: Role.author,
        ...limits,
      });
      expect(response.status).toBe(400);
    }
  });

  it('a revoked invite link answers 404 and adds nobody', async () => {
    const { bookId, members, stranger } = await bookWithMembers(server.url);
    const { invite } = await members.owner.json<{ invite: { id: string; code: string } }>(
      'POST',
      `/api/books/${bookId}/invites`,
      { role: Role.author },
    );
    await members.owner.json('DELETE', `/api/books/${bookId}/invites/${invite.id}`);
    expect((await stranger.request('GET', `/api/invites/${invite.code}`)).status).toBe(404);
    expect((await stranger.request('POST', `/api/invites/${invite.code}/accept`)).status).toBe(404);
    expect((await stranger.request('GET', `/api/books/${bookId}`)).status).toBe(404);
  });

  it('only the owner creates invites, and an invite never lowers a role', async () => {
    const { bookId, members } = await bookWithMembers(server.url);
    const create = (user: ApiUser) =>
      user.request('POST', `/api/books/${bookId}/invites`, { role: Role.reader });
    expect((await create(members.author)).status).toBe(403);
    const { invite } = (await (await create(members.owner)).json()) as { invite: { code: string } };
    const { book } = await members.author.json<{ book: { role: Role } }>(
      'POST',
      `/api/invites/${invite.code}/accept`,
    );
    expect(book.role).toBe(Role.author);
  });
});

describe('book titles', () => {
  it('owners and authors rename a book; everyone’s list shows it; others are refused', async () => {
    const { bookId, members, stranger } = await bookWithMembers(server.url);
    const rename = (user: ApiUser, title: unknown) =>
      user.request('PATCH', `/api/books/${bookId}`, { title });
    expect((await rename(members.author, '  The Draft  ')).status).toBe(200);
    const listed = await members.reader.json<{ books: { id: string; title: string }[] }>('GET', '/api/books');
    expect(listed.books.find((book) => book.id === bookId)?.title).toBe('The Draft');
    expect((await rename(members.owner, 'We-Think')).status).toBe(200);
    expect((await rename(members.reviewer, 'Mine now')).status).toBe(403);
    expect((await rename(members.reader, 'Mine now')).status).toBe(403);
    expect((await rename(stranger, 'Mine now')).status).toBe(404);
    expect((await rename(members.owner, '')).status).toBe(400);
    expect((await rename(members.owner, 'x'.repeat(201))).status).toBe(400);
    const book = await members.reviewer.json<{ book: { title: string } }>('GET', `/api/books/${bookId}`);
    expect(book.book.title).toBe('We-Think');
  });
});
