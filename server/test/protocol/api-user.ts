import { Role, type UserView } from '@wethink/shared';

let counter = 0;

/** A user signed up through the real HTTP API, holding their session cookie like a browser would. */
export class ApiUser {
  private constructor(
    private readonly baseUrl: string,
    readonly cookie: string,
    readonly user: UserView,
  ) {}

  static async signUp(baseUrl: string, name: string): Promise<ApiUser> {
    counter += 1;
    const email = `${name.toLowerCase()}-${process.pid}-${counter}@test.invalid`;
    const response = await fetch(`${baseUrl}/api/auth/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, name, password: 'correct horse battery' }),
    });
    if (response.status !== 201) throw new Error(`sign-up: ${response.status} ${await response.text()}`);
    const cookie = response.headers.getSetCookie()[0]!.split(';', 1)[0]!;
    const { user } = (await response.json()) as { user: UserView };
    return new ApiUser(baseUrl, cookie, user);
  }

  /** The same signed-in user talking to a server restarted on another port (sessions persist). */
  at(baseUrl: string): ApiUser {
    return new ApiUser(baseUrl, this.cookie, this.user);
  }

  get id(): string {
    return this.user.id;
  }
  get name(): string {
    return this.user.name;
  }
  get color(): string {
    return this.user.color;
  }

  /** Sends a request with this user's cookie; returns the raw response. */
  request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        cookie: this.cookie,
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /** Like `request`, but fails on any status outside 2xx and parses the JSON body. */
  async json<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.request(method, path, body);
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  }

  async connectionToken(bookId: string): Promise<string> {
    return (await this.json<{ token: string }>('POST', `/api/books/${bookId}/connection-token`)).token;
  }
}

/** A book created through the API by a signed-up owner, with one member invited and joined per role. */
export async function bookWithMembers(
  baseUrl: string,
): Promise<{ bookId: string; members: Record<Role, ApiUser>; stranger: ApiUser }> {
  const owner = await ApiUser.signUp(baseUrl, 'Olive');
  const { book } = await owner.json<{ book: { id: string } }>('POST', '/api/books', { title: 'Roles' });
  const members = { owner } as Record<Role, ApiUser>;
  for (const role of [Role.author, Role.reviewer, Role.reader]) {
    const member = await ApiUser.signUp(baseUrl, `${role[0]!.toUpperCase()}${role.slice(1)}`);
    const { invite } = await owner.json<{ invite: { code: string } }>(
      'POST',
      `/api/books/${book.id}/invites`,
      {
        role,
      },
    );
    await member.json('POST', `/api/invites/${invite.code}/accept`);
    members[role] = member;
  }
  return { bookId: book.id, members, stranger: await ApiUser.signUp(baseUrl, 'Stranger') };
}
