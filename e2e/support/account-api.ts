import type { APIRequestContext, APIResponse } from '@playwright/test';

export type Role = 'owner' | 'author' | 'reviewer' | 'reader';

export interface Credentials {
  email: string;
  name: string;
  password: string;
}

interface UserView {
  id: string;
  email: string;
  name: string;
  color: string;
}

interface BookView {
  id: string;
  title: string;
  role: Role;
}

interface InviteView {
  id: string;
  code: string;
  role: Role;
}

interface MemberView {
  userId: string;
  name: string;
  role: Role;
  /** Their colour in this book. */
  color: string;
}

let accountCount = 0;

/** Fresh credentials: a unique email per call, so specs never collide on one server. */
export function newCredentials(name: string): Credentials {
  accountCount += 1;
  const unique = `${Date.now().toString(36)}-${process.pid}-${accountCount}`;
  return {
    name,
    email: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${unique}@example.com`,
    password: `pass-${unique}`,
  };
}

/**
 * The server's JSON API through a browser context's own request context: it shares the context's
 * cookies, so signing up here signs the context's pages in too. For setting up specs; what a spec
 * checks goes through the UI.
 */
export class AccountApi {
  constructor(private readonly request: APIRequestContext) {}

  async signUp(credentials: Credentials): Promise<UserView> {
    return (
      await this.json<{ user: UserView }>(this.request.post('/api/auth/sign-up', { data: credentials }))
    ).user;
  }

  async me(): Promise<UserView> {
    return (await this.json<{ user: UserView }>(this.request.get('/api/me'))).user;
  }

  /** Changes the account's colour (the colour a person brings to books they join later). */
  async setAccountColor(color: string): Promise<void> {
    await this.json(this.request.patch('/api/me', { data: { color } }));
  }

  async createBook(title: string): Promise<BookView> {
    return (await this.json<{ book: BookView }>(this.request.post('/api/books', { data: { title } }))).book;
  }

  async createInvite(bookId: string, role: Exclude<Role, 'owner'>): Promise<InviteView> {
    const response = this.request.post(`/api/books/${bookId}/invites`, { data: { role } });
    return (await this.json<{ invite: InviteView }>(response)).invite;
  }

  async acceptInvite(code: string): Promise<BookView> {
    return (await this.json<{ book: BookView }>(this.request.post(`/api/invites/${code}/accept`))).book;
  }

  async members(bookId: string): Promise<MemberView[]> {
    return (await this.json<{ members: MemberView[] }>(this.request.get(`/api/books/${bookId}/members`)))
      .members;
  }

  async setRole(bookId: string, userId: string, role: Role): Promise<void> {
    await this.json(this.request.put(`/api/books/${bookId}/members/${userId}`, { data: { role } }));
  }

  async removeMember(bookId: string, userId: string): Promise<void> {
    await this.ok(this.request.delete(`/api/books/${bookId}/members/${userId}`));
  }

  /** The chapter's text as the server holds it (its authorship view), one line per block. */
  async serverText(bookId: string, chapterId: string): Promise<string> {
    const { runs } = await this.json<{ runs: Array<{ text: string }> }>(
      this.request.get(`/api/books/${bookId}/chapters/${chapterId}/authorship`),
    );
    return runs.map((run) => run.text).join('');
  }

  private async ok(pending: Promise<APIResponse>): Promise<APIResponse> {
    const response = await pending;
    if (!response.ok()) {
      throw new Error(`${response.url()}: HTTP ${response.status()} ${await response.text()}`);
    }
    return response;
  }

  private async json<T>(pending: Promise<APIResponse>): Promise<T> {
    return (await (await this.ok(pending)).json()) as T;
  }
}
