import { commentsDocOf, docKindOf, type DocName } from '@wethink/shared/client';

/** The app's URLs. Ids follow the document-name segment grammar, so a route maps to doc names. */
export type Route =
  | { kind: 'home' }
  | { kind: 'account' }
  | { kind: 'sign-in'; next: string }
  | { kind: 'sign-up'; next: string }
  | { kind: 'book'; bookId: string }
  | { kind: 'chapter'; bookId: string; chapterId: string; threadId?: string; blockIndex?: number }
  | { kind: 'members'; bookId: string }
  | { kind: 'credits'; bookId: string }
  | { kind: 'contents'; bookId: string }
  /** `shouldJoin`: back from signing up or in through the invite page, so join without asking again. */
  | { kind: 'invite'; code: string; shouldJoin: boolean }
  /** A review round's public draft: the chapter read live without an account. */
  | { kind: 'public'; bookId: string; chapterId: string; code: string }
  | { kind: 'unknown'; path: string };

/** Routes shown to anyone; every other known route needs a signed-in account. */
export function isPublicRoute(route: Route): boolean {
  return (
    route.kind === 'sign-in' ||
    route.kind === 'sign-up' ||
    route.kind === 'invite' ||
    route.kind === 'public' ||
    route.kind === 'unknown'
  );
}

const segment = '([A-Za-z0-9_-]{1,64})';
const bookPattern = new RegExp(`^/books/${segment}/?$`);
const chapterPattern = new RegExp(`^/books/${segment}/chapters/${segment}/?$`);
const membersPattern = new RegExp(`^/books/${segment}/members/?$`);
const creditsPattern = new RegExp(`^/books/${segment}/credits/?$`);
const contentsPattern = new RegExp(`^/books/${segment}/contents/?$`);
const invitePattern = new RegExp(`^/invite/${segment}/?$`);
const publicPattern = new RegExp(`^/p/${segment}/${segment}/${segment}/?$`);
const threadIdPattern = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * Where to go after signing in: a path of this app only. Anything else (another origin,
 * `//host`, a backslash trick) falls back to the start page, so a link cannot redirect elsewhere.
 */
export function safeNext(next: string | null): string {
  if (next === null || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/';
  if ([...next].some((char) => char.charCodeAt(0) < 0x20)) return '/';
  return next;
}

export function parseRoute(pathname: string, search = ''): Route {
  if (pathname === '/' || pathname === '/index.html') return { kind: 'home' };
  if (pathname === '/account' || pathname === '/account/') return { kind: 'account' };
  if (pathname === '/sign-in' || pathname === '/sign-up') {
    const next = safeNext(new URLSearchParams(search).get('next'));
    return { kind: pathname === '/sign-in' ? 'sign-in' : 'sign-up', next };
  }
  const chapter = chapterPattern.exec(pathname);
  if (chapter?.[1] !== undefined && chapter[2] !== undefined) {
    const params = new URLSearchParams(search);
    const threadId = params.get('thread');
    const route = { kind: 'chapter', bookId: chapter[1], chapterId: chapter[2] } as const;
    if (threadId !== null && threadIdPattern.test(threadId)) return { ...route, threadId };
    // `?at=<block>`: a search result's passage, to scroll to once the chapter is open.
    const at = params.get('at');
    return at !== null && /^\d{1,6}$/.test(at) ? { ...route, blockIndex: Number(at) } : route;
  }
  const book = bookPattern.exec(pathname);
  if (book?.[1] !== undefined) return { kind: 'book', bookId: book[1] };
  const members = membersPattern.exec(pathname);
  if (members?.[1] !== undefined) return { kind: 'members', bookId: members[1] };
  const credits = creditsPattern.exec(pathname);
  if (credits?.[1] !== undefined) return { kind: 'credits', bookId: credits[1] };
  const draft = publicPattern.exec(pathname);
  if (draft?.[1] !== undefined && draft[2] !== undefined && draft[3] !== undefined) {
    return { kind: 'public', bookId: draft[1], chapterId: draft[2], code: draft[3] };
  }
  const contents = contentsPattern.exec(pathname);
  if (contents?.[1] !== undefined) return { kind: 'contents', bookId: contents[1] };
  const invite = invitePattern.exec(pathname);
  if (invite?.[1] !== undefined) {
    return { kind: 'invite', code: invite[1], shouldJoin: new URLSearchParams(search).get('join') === '1' };
  }
  return { kind: 'unknown', path: pathname };
}

export const ACCOUNT_PATH = '/account';

export function bookPath(bookId: string): string {
  return `/books/${bookId}`;
}

/** The book's table of contents page. */
export function contentsPath(bookId: string): string {
  return `/books/${bookId}/contents`;
}

export function chapterPath(bookId: string, chapterId: string): string {
  return `/books/${bookId}/chapters/${chapterId}`;
}

/** A chapter opened on one of its comment threads (`?thread=`). */
/** A chapter opened at its `blockIndex`-th top-level block (a search result). */
export function passagePath(bookId: string, chapterId: string, blockIndex: number): string {
  return `${chapterPath(bookId, chapterId)}?at=${blockIndex}`;
}

export function threadPath(bookId: string, chapterId: string, threadId: string): string {
  return `${chapterPath(bookId, chapterId)}?${new URLSearchParams({ thread: threadId }).toString()}`;
}

export function membersPath(bookId: string): string {
  return `/books/${bookId}/members`;
}

export function creditsPath(bookId: string): string {
  return `/books/${bookId}/credits`;
}

/** A review round's public link: anyone reads the chapter's draft live. */
export function publicDraftPath(bookId: string, chapterId: string, code: string): string {
  return `/p/${bookId}/${chapterId}/${code}`;
}

export function invitePath(code: string, { shouldJoin = false } = {}): string {
  return `/invite/${code}${shouldJoin ? '?join=1' : ''}`;
}

/** The sign-in (or sign-up) page that comes back to `next` afterwards. */
export function signInPath(next: string, page: 'sign-in' | 'sign-up' = 'sign-in'): string {
  const target = safeNext(next);
  return target === '/' ? `/${page}` : `/${page}?${new URLSearchParams({ next: target }).toString()}`;
}

/** The y-websocket / IndexedDB document names of a book's index and of one chapter. */
export function bookDocName(bookId: string): string {
  return bookId;
}

export function chapterDocName(bookId: string, chapterId: string): string {
  return `${bookId}/${chapterId}`;
}

/** The chapter's comments document. Route ids follow the segment grammar, so the name is valid. */
export function commentsDocName(bookId: string, chapterId: string): string {
  return commentsDocOf(chapterDocName(bookId, chapterId) as DocName);
}

export function isCommentsDocName(docName: string): boolean {
  return docKindOf(docName as DocName) === 'comments';
}

/** True for the index and chapter documents of this book. */
export function isDocOfBook(docName: string, bookId: string): boolean {
  return docName === bookDocName(bookId) || docName.startsWith(`${bookId}/`);
}
