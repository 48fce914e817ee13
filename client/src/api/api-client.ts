import type {
  AuthorshipView,
  BookView,
  ChangePasswordRequest,
  CommentRecord,
  ContributionStatsView,
  BecauseOfYouView,
  BulkDecisionView,
  CreateSuggestionRequest,
  CreateThreadRequest,
  CreateInviteRequest,
  CreditsView,
  DiffView,
  InvitePreview,
  InviteView,
  MemberView,
  NotificationsView,
  OpenRoundRequest,
  RestoreView,
  ReturnReportView,
  Role,
  RoundRecord,
  SearchView,
  UploadedImage,
  SignInRequest,
  SignUpRequest,
  SuggestionRecord,
  ThreadRecord,
  UpdateMeRequest,
  UserView,
  VersionContentView,
  VersionView,
} from '@wethink/shared/client';
import { apiErrorFromResponse, unreachableError } from './api-error';

/**
 * The server's JSON API (routes in `@wethink/shared`'s api-types). Every method resolves with the
 * response view or rejects with an `ApiError`; the session travels in the HttpOnly cookie.
 */
export interface ApiClient {
  signUp(request: SignUpRequest): Promise<UserView>;
  signIn(request: SignInRequest): Promise<UserView>;
  signOut(): Promise<void>;
  /**
   * The signed-in user, or null when signed out. Today's server answers a signed-out request with
   * 401 (an `ApiError`), which Chromium logs on every signed-out page; a server answering 200
   * `{ user: null }` instead reads the same here.
   */
  me(): Promise<UserView | null>;
  /** Changes the signed-in person's name or colour. */
  updateMe(fields: UpdateMeRequest): Promise<UserView>;
  /** A new password given the current one; the account's other sessions end. */
  changePassword(request: ChangePasswordRequest): Promise<void>;
  /** Ends every session of the account, this one too. */
  signOutEverywhere(): Promise<void>;
  listBooks(): Promise<BookView[]>;
  createBook(title: string): Promise<BookView>;
  getBook(bookId: string): Promise<BookView>;
  renameBook(bookId: string, title: string): Promise<BookView>;
  listMembers(bookId: string): Promise<MemberView[]>;
  setRole(bookId: string, userId: string, role: Role): Promise<MemberView>;
  /** Your own colour in a book; 409 when another member's is too close, 400 when unreadable. */
  setMemberColor(bookId: string, userId: string, color: string): Promise<MemberView>;
  removeMember(bookId: string, userId: string): Promise<void>;
  blockReader(bookId: string, userId: string): Promise<void>;
  listInvites(bookId: string): Promise<InviteView[]>;
  createInvite(bookId: string, request: CreateInviteRequest): Promise<InviteView>;
  revokeInvite(bookId: string, inviteId: string): Promise<void>;
  previewInvite(code: string): Promise<InvitePreview>;
  acceptInvite(code: string): Promise<BookView>;
  listVersions(chapter: ChapterRef): Promise<VersionView[]>;
  createVersion(chapter: ChapterRef, name: string): Promise<VersionView>;
  getVersion(chapter: ChapterRef, versionId: number): Promise<VersionContentView>;
  restoreVersion(chapter: ChapterRef, versionId: number): Promise<RestoreView>;
  diff(chapter: ChapterRef, from: number, to: number | 'now'): Promise<DiffView>;
  authorship(chapter: ChapterRef): Promise<AuthorshipView>;
  chapterContributions(chapter: ChapterRef, range?: TimeRange): Promise<ContributionStatsView>;
  credits(bookId: string): Promise<CreditsView>;
  createThread(chapter: ChapterRef, request: CreateThreadRequest): Promise<CreatedThread>;
  reply(chapter: ChapterRef, threadId: string, request: { id: string; body: string }): Promise<CommentRecord>;
  editComment(chapter: ChapterRef, ref: CommentRef, body: string): Promise<CommentRecord>;
  deleteComment(chapter: ChapterRef, ref: CommentRef): Promise<CommentRecord>;
  resolveThread(chapter: ChapterRef, threadId: string): Promise<ThreadRecord>;
  reopenThread(chapter: ChapterRef, threadId: string): Promise<ThreadRecord>;
  openRound(chapter: ChapterRef, request: OpenRoundRequest): Promise<RoundRecord>;
  closeRound(chapter: ChapterRef, roundId: string): Promise<RoundRecord>;
  createSuggestion(chapter: ChapterRef, request: CreateSuggestionRequest): Promise<SuggestionRecord>;
  decideSuggestion(
    chapter: ChapterRef,
    suggestionId: string,
    decision: 'accept' | 'reject',
  ): Promise<SuggestionRecord>;
  /** Accepts or rejects every open suggestion of the chapter (or of one suggester), in text order. */
  decideAllSuggestions(
    chapter: ChapterRef,
    decision: 'accept' | 'reject',
    by: string | null,
  ): Promise<BulkDecisionView>;
  /** What changed in the whole book because of the caller (accepted suggestions, resolved threads). */
  becauseOfMe(
    bookId: string,
    range?: { from?: string; to?: string; round?: string },
  ): Promise<BecauseOfYouView>;
  /** Per chapter, the caller's changes that went in and everyone else's since `since` (ISO). */
  changes(bookId: string, since: string): Promise<ReturnReportView>;
  /** Gives an open round a public link (`publicCode`), or withdraws it. */
  setRoundPublic(chapter: ChapterRef, roundId: string, isPublic: boolean): Promise<RoundRecord>;
  /** Joins the book as a reader through a round's public link. */
  joinPublic(chapter: ChapterRef, code: string): Promise<void>;
  notifications(): Promise<NotificationsView>;
  markNotificationsRead(ids: readonly number[]): Promise<void>;
  /** Deletes a chapter in the trash for good (owner only). */
  purgeChapter(bookId: string, chapterId: string): Promise<void>;
  /** Full-text search over a book's live chapters. */
  searchBook(bookId: string, query: string): Promise<SearchView>;
  /** Uploads an image for the book's figures (the server checks its bytes). */
  uploadImage(bookId: string, image: Blob): Promise<UploadedImage>;
}

/** A comment of a thread, as the comment routes address it. */
export interface CommentRef {
  threadId: string;
  commentId: string;
}

export interface CreatedThread {
  thread: ThreadRecord;
  comment: CommentRecord;
}

/** A chapter of a book, as the history routes address it. */
export interface ChapterRef {
  bookId: string;
  chapterId: string;
}

/** ISO times; an open end means since the beginning, or until now. */
export interface TimeRange {
  from?: string;
  to?: string;
}

const segment = (value: string) => encodeURIComponent(value);

/** The chapter's routes (history, comments, review rounds), relative to the API's origin. */
export function chapterHistoryPath({ bookId, chapterId }: ChapterRef): string {
  return `/api/books/${segment(bookId)}/chapters/${segment(chapterId)}`;
}

/** Where the browser downloads a chapter's contribution statistics as CSV (a plain link). */
export function contributionsCsvPath(chapter: ChapterRef): string {
  return `${chapterHistoryPath(chapter)}/contributions?format=csv`;
}

function query(params: Record<string, string | undefined>): string {
  const defined = Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return defined.length === 0 ? '' : `?${new URLSearchParams(defined).toString()}`;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface ApiClientDeps {
  fetch: FetchLike;
  /** Prefix of every route, e.g. `http://127.0.0.1:1234` in tests; '' (same origin) in the app. */
  baseUrl?: string;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

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
  const thread = (chapter: ChapterRef, threadId: string) =>
    `${chapterHistoryPath(chapter)}/threads/${segment(threadId)}`;
  const comment = (chapter: ChapterRef, ref: CommentRef) =>
    `${thread(chapter, ref.threadId)}/comments/${segment(ref.commentId)}`;
  return {
    signUp: async (request) => (await call<{ user: UserView }>('POST', '/api/auth/sign-up', request)).user,
    signIn: async (request) => (await call<{ user: UserView }>('POST', '/api/auth/sign-in', request)).user,
    signOut: () => call<void>('POST', '/api/auth/sign-out'),
    me: async () => (await call<{ user: UserView | null }>('GET', '/api/me')).user ?? null,
    updateMe: async (fields) => (await call<{ user: UserView }>('PATCH', '/api/me', fields)).user,
    changePassword: (request) => call<void>('POST', '/api/me/password', request),
    signOutEverywhere: () => call<void>('POST', '/api/me/sign-out-everywhere'),
    listBooks: async () => (await call<{ books: BookView[] }>('GET', '/api/books')).books,
    createBook: async (title) => (await call<{ book: BookView }>('POST', '/api/books', { title })).book,
    getBook: async (bookId) => (await call<{ book: BookView }>('GET', book(bookId))).book,
    renameBook: async (bookId, title) =>
      (await call<{ book: BookView }>('PATCH', book(bookId), { title })).book,
    listMembers: async (bookId) =>
      (await call<{ members: MemberView[] }>('GET', `${book(bookId)}/members`)).members,
    setRole: async (bookId, userId, role) =>
      (await call<{ member: MemberView }>('PUT', `${book(bookId)}/members/${segment(userId)}`, { role }))
        .member,
    setMemberColor: async (bookId, userId, color) =>
      (
        await call<{ member: MemberView }>('PUT', `${book(bookId)}/members/${segment(userId)}/color`, {
          color,
        })
      ).member,
    removeMember: (bookId, userId) => call<void>('DELETE', `${book(bookId)}/members/${segment(userId)}`),
    blockReader: (bookId, userId) => call<void>('PUT', `${book(bookId)}/blocked-readers/${segment(userId)}`),
    listInvites: async (bookId) =>
      (await call<{ invites: InviteView[] }>('GET', `${book(bookId)}/invites`)).invites,
    createInvite: async (bookId, request) =>
      (await call<{ invite: InviteView }>('POST', `${book(bookId)}/invites`, request)).invite,
    revokeInvite: (bookId, inviteId) => call<void>('DELETE', `${book(bookId)}/invites/${segment(inviteId)}`),
    previewInvite: async (code) =>
      (await call<{ invite: InvitePreview }>('GET', `/api/invites/${segment(code)}`)).invite,
    acceptInvite: async (code) =>
      (await call<{ book: BookView }>('POST', `/api/invites/${segment(code)}/accept`)).book,
    listVersions: async (chapter) =>
      (await call<{ versions: VersionView[] }>('GET', `${chapterHistoryPath(chapter)}/versions`)).versions,
    createVersion: async (chapter, name) =>
      (await call<{ version: VersionView }>('POST', `${chapterHistoryPath(chapter)}/versions`, { name }))
        .version,
    getVersion: (chapter, versionId) =>
      call<VersionContentView>('GET', `${chapterHistoryPath(chapter)}/versions/${versionId}`),
    restoreVersion: (chapter, versionId) =>
      call<RestoreView>('POST', `${chapterHistoryPath(chapter)}/versions/${versionId}/restore`),
    diff: (chapter, from, to) =>
      call<DiffView>(
        'GET',
        `${chapterHistoryPath(chapter)}/diff${query({ from: String(from), to: String(to) })}`,
      ),
    authorship: (chapter) => call<AuthorshipView>('GET', `${chapterHistoryPath(chapter)}/authorship`),
    chapterContributions: (chapter, range = {}) =>
      call<ContributionStatsView>(
        'GET',
        `${chapterHistoryPath(chapter)}/contributions${query({ ...range })}`,
      ),
    credits: (bookId) => call<CreditsView>('GET', `${book(bookId)}/credits`),
    createThread: (chapter, request) =>
      call<CreatedThread>('POST', `${chapterHistoryPath(chapter)}/threads`, request),
    reply: async (chapter, threadId, request) =>
      (await call<{ comment: CommentRecord }>('POST', `${thread(chapter, threadId)}/comments`, request))
        .comment,
    editComment: async (chapter, ref, body) =>
      (await call<{ comment: CommentRecord }>('PATCH', comment(chapter, ref), { body })).comment,
    deleteComment: async (chapter, ref) =>
      (await call<{ comment: CommentRecord }>('DELETE', comment(chapter, ref))).comment,
    resolveThread: async (chapter, threadId) =>
      (await call<{ thread: ThreadRecord }>('POST', `${thread(chapter, threadId)}/resolve`)).thread,
    reopenThread: async (chapter, threadId) =>
      (await call<{ thread: ThreadRecord }>('POST', `${thread(chapter, threadId)}/reopen`)).thread,
    openRound: async (chapter, request) =>
      (await call<{ round: RoundRecord }>('POST', `${chapterHistoryPath(chapter)}/rounds`, request)).round,
    closeRound: async (chapter, roundId) =>
      (
        await call<{ round: RoundRecord }>(
          'POST',
          `${chapterHistoryPath(chapter)}/rounds/${segment(roundId)}/close`,
        )
      ).round,
    createSuggestion: async (chapter, request) =>
      (
        await call<{ suggestion: SuggestionRecord }>(
          'POST',
          `${chapterHistoryPath(chapter)}/suggestions`,
          request,
        )
      ).suggestion,
    decideSuggestion: async (chapter, suggestionId, decision) =>
      (
        await call<{ suggestion: SuggestionRecord }>(
          'POST',
          `${chapterHistoryPath(chapter)}/suggestions/${segment(suggestionId)}/${decision}`,
        )
      ).suggestion,
    decideAllSuggestions: (chapter, decision, by) =>
      call<BulkDecisionView>(
        'POST',
        `${chapterHistoryPath(chapter)}/suggestions/${decision}-all${by === null ? '' : query({ by })}`,
      ),
    becauseOfMe: (bookId, range = {}) =>
      call<BecauseOfYouView>('GET', `${book(bookId)}/because-of-me${query(range)}`),
    changes: (bookId, since) => call<ReturnReportView>('GET', `${book(bookId)}/changes${query({ since })}`),
    setRoundPublic: async (chapter, roundId, isPublic) =>
      (
        await call<{ round: RoundRecord }>(
          isPublic ? 'POST' : 'DELETE',
          `${chapterHistoryPath(chapter)}/rounds/${segment(roundId)}/public`,
        )
      ).round,
    joinPublic: (chapter, code) => call<void>('POST', `${chapterHistoryPath(chapter)}/public/join`, { code }),
    notifications: () => call<NotificationsView>('GET', '/api/notifications'),
    markNotificationsRead: (ids) => call<void>('POST', '/api/notifications/read', { ids }),
    purgeChapter: (bookId, chapterId) => call<void>('DELETE', `${book(bookId)}/trash/${segment(chapterId)}`),
    uploadImage: async (bookId, image) => {
      let response: Response;
      try {
        response = await fetch(`${baseUrl}${book(bookId)}/images`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/octet-stream' },
          body: image,
        });
      } catch (error) {
        throw unreachableError(error);
      }
      const parsed: unknown = await response.json().catch(() => null);
      if (!response.ok) throw apiErrorFromResponse(response.status, parsed);
      return parsed as UploadedImage;
    },
    searchBook: (bookId, query) =>
      call<SearchView>('GET', `${book(bookId)}/search?${new URLSearchParams({ q: query }).toString()}`),
  };
}
