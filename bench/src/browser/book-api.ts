import { randomUUID } from 'node:crypto';
import { request, type APIRequestContext } from 'playwright-core';

export interface Account {
  id: string;
  name: string;
  /** Shares its cookies with nothing else: one signed-in person. */
  http: APIRequestContext;
}

async function json<T>(pending: ReturnType<APIRequestContext['get']>): Promise<T> {
  const response = await pending;
  if (!response.ok())
    throw new Error(`${response.url()}: HTTP ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Signs a fresh account up through wethink's HTTP API; its request context holds the cookie. */
export async function signUp(baseUrl: string, name: string): Promise<Account> {
  const http = await request.newContext({ baseURL: baseUrl });
  const unique = randomUUID().slice(0, 8);
  const credentials = {
    name,
    email: `${name.toLowerCase()}-${unique}@example.com`,
    password: `pass-${unique}`,
  };
  const { user } = await json<{ user: { id: string } }>(
    http.post('/api/auth/sign-up', { data: credentials }),
  );
  return { id: user.id, name, http };
}

export async function createBook(owner: Account, title: string): Promise<string> {
  const { book } = await json<{ book: { id: string } }>(owner.http.post('/api/books', { data: { title } }));
  return book.id;
}

/** The owner invites `member` as an author and the member accepts. */
export async function addAuthor(owner: Account, member: Account, bookId: string): Promise<void> {
  const { invite } = await json<{ invite: { code: string } }>(
    owner.http.post(`/api/books/${bookId}/invites`, { data: { role: 'author' } }),
  );
  await json(member.http.post(`/api/invites/${invite.code}/accept`));
}

export async function connectionToken(account: Account, bookId: string): Promise<string> {
  const { token } = await json<{ token: string }>(account.http.post(`/api/books/${bookId}/connection-token`));
  return token;
}

/** The session cookie, for a browser context to sign in as the same account. */
export async function cookiesOf(account: Account) {
  return (await account.http.storageState()).cookies;
}
