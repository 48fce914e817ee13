import type {
  BookView,
  CreateInviteRequest,
  InvitePreview,
  InviteView,
  MemberView,
  Role,
  SignInRequest,
  SignUpRequest,
  UserView,
} from '@wethink/shared';
import { apiErrorFromResponse, unreachableError } from './api-error';

/**
 * The server's JSON API (routes in `@wethink/shared`'s api-types). Every method resolves with the
 * response view or rejects with an `ApiError`; the session travels in the HttpOnly cookie.
 */
export interface ApiClient {
  signUp(request: SignUpRequest): Promise<UserView>;
  signIn(request: SignInRequest): Promise<UserView>;
  signOut(): Promise<void>;
  me(): Promise<UserView>;
  listBooks(): Promise<BookView[]>;
  createBook(title: string): Promise<BookView>;
  getBook(bookId: string): Promise<BookView>;
  listMembers(bookId: string): Promise<MemberView[]>;
  setRole(bookId: string, userId: string, role: Role): Promise<MemberView>;
  removeMember(bookId: string, userId: string): Promise<void>;
  listInvites(bookId: string): Promise<InviteView[]>;
  createInvite(bookId: string, role: CreateInviteRequest['role']): Promise<InviteView>;
  revokeInvite(bookId: string, inviteId: string): Promise<void>;
  previewInvite(code: string): Promise<InvitePreview>;
  acceptInvite(code: string): Promise<BookView>;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface ApiClientDeps {
  fetch: FetchLike;
  /** Prefix of every route, e.g. `http://127.0.0.1:1234` in tests; '' (same origin) in the app. */
  baseUrl?: string;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

const segment = (value: string) => encodeURIComponent(value);

export function createApiClient({ fetch, baseUrl = '' }: ApiClientDeps): ApiClient {
  async function call<T>(method: Method, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        credentials: 'same-origin',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw unreachableError(error);
    }
    const text = await response.text().catch((error: unknown) => {
      throw unreachableError(error);
    });
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch (error) {
      // A proxy's HTML error page: keep the status, the body says nothing we can use.
      if (!(error instanceof SyntaxError)) throw error;
    }
    if (!response.ok) throw apiErrorFromResponse(response.status, parsed);
    return parsed as T;
  }

  const book = (bookId: string) => `/api/books/${segment(bookId)}`;
  return {
    signUp: async (request) => (await call<{ user: UserView }>('POST', '/api/auth/sign-up', request)).user,
    signIn: async (request) => (await call<{ user: UserView }>('POST', '/api/auth/sign-in', request)).user,
    signOut: () => call<void>('POST', '/api/auth/sign-out'),
    me: async () => (await call<{ user: UserView }>('GET', '/api/me')).user,
    listBooks: async () => (await call<{ books: BookView[] }>('GET', '/api/books')).books,
    createBook: async (title) => (await call<{ book: BookView }>('POST', '/api/books', { title })).book,
    getBook: async (bookId) => (await call<{ book: BookView }>('GET', book(bookId))).book,
    listMembers: async (bookId) =>
      (await call<{ members: MemberView[] }>('GET', `${book(bookId)}/members`)).members,
    setRole: async (bookId, userId, role) =>
      (await call<{ member: MemberView }>('PUT', `${book(bookId)}/members/${segment(userId)}`, { role }))
        .member,
    removeMember: (bookId, userId) => call<void>('DELETE', `${book(bookId)}/members/${segment(userId)}`),
    listInvites: async (bookId) =>
      (await call<{ invites: InviteView[] }>('GET', `${book(bookId)}/invites`)).invites,
    createInvite: async (bookId, role) =>
      (await call<{ invite: InviteView }>('POST', `${book(bookId)}/invites`, { role })).invite,
    revokeInvite: (bookId, inviteId) => call<void>('DELETE', `${book(bookId)}/invites/${segment(inviteId)}`),
    previewInvite: async (code) =>
      (await call<{ invite: InvitePreview }>('GET', `/api/invites/${segment(code)}`)).invite,
    acceptInvite: async (code) =>
      (await call<{ book: BookView }>('POST', `/api/invites/${segment(code)}/accept`)).book,
  };
}
