import { describe, expect, it } from 'vitest';
import { lookUpChapter } from '../src/app/chapter-lookup';
import {
  bookDocName,
  chapterDocName,
  chapterPath,
  isDocOfBook,
  isPublicRoute,
  membersPath,
  parseRoute,
  publicDraftPath,
  safeNext,
  signInPath,
} from '../src/app/route';
import type { BookInfo } from '../src/book/book-index';
import { createId } from '../src/book/ids';
import type { SessionState } from '../src/collab/session-state';

describe('routes', () => {
  it('parses chapter, book and home URLs and round-trips chapter paths', () => {
    expect(parseRoute('/')).toEqual({ kind: 'home' });
    expect(parseRoute('/books/b1')).toEqual({ kind: 'book', bookId: 'b1' });
    expect(parseRoute(chapterPath('b1', 'c_2'))).toEqual({ kind: 'chapter', bookId: 'b1', chapterId: 'c_2' });
    expect(chapterDocName('b1', 'c_2')).toBe('b1/c_2');
    expect(bookDocName('b1')).toBe('b1');
  });

  it('parses the account, members and invite pages', () => {
    expect(parseRoute('/sign-in')).toEqual({ kind: 'sign-in', next: '/' });
    expect(parseRoute('/sign-up', '?next=%2Finvite%2Fabc')).toEqual({ kind: 'sign-up', next: '/invite/abc' });
    expect(parseRoute(membersPath('b_1'))).toEqual({ kind: 'members', bookId: 'b_1' });
    expect(parseRoute('/invite/Xy_9-z')).toEqual({ kind: 'invite', code: 'Xy_9-z', shouldJoin: false });
    expect(parseRoute('/invite/Xy_9-z', '?join=1')).toEqual({
      kind: 'invite',
      code: 'Xy_9-z',
      shouldJoin: true,
    });
    expect(parseRoute('/invite/')).toEqual({ kind: 'unknown', path: '/invite/' });
  });

  it("parses a round's public link, a page open to anyone", () => {
    const route = parseRoute(publicDraftPath('b_1', 'c1', 'Code_9-x'));
    expect(route).toEqual({ kind: 'public', bookId: 'b_1', chapterId: 'c1', code: 'Code_9-x' });
    expect(isPublicRoute(route)).toBe(true);
    expect(parseRoute('/p/b_1/c1')).toEqual({ kind: 'unknown', path: '/p/b_1/c1' });
  });

  it('round-trips the page to come back to after signing in', () => {
    const next = '/books/b_1/chapters/c1';
    const path = signInPath(next);
    const url = new URL(path, 'http://x');
    expect(parseRoute(url.pathname, url.search)).toEqual({ kind: 'sign-in', next });
    expect(signInPath('/')).toBe('/sign-in');
    expect(signInPath('/invite/abc', 'sign-up')).toBe('/sign-up?next=%2Finvite%2Fabc');
  });

  it('never sends a signed-in user off the app', () => {
    for (const next of [
      'https://evil.example',
      '//evil.example/x',
      '/\\evil.example',
      'books',
      '/a\nb',
      null,
    ]) {
      expect(safeNext(next)).toBe('/');
    }
    expect(parseRoute('/sign-in', '?next=https%3A%2F%2Fevil.example')).toEqual({
      kind: 'sign-in',
      next: '/',
    });
  });

  it('asks for an account everywhere but the account pages, invites and unknown pages', () => {
    expect(isPublicRoute(parseRoute('/'))).toBe(false);
    expect(isPublicRoute(parseRoute('/books/b1'))).toBe(false);
    expect(isPublicRoute(parseRoute('/books/b1/members'))).toBe(false);
    expect(isPublicRoute(parseRoute('/sign-in'))).toBe(true);
    expect(isPublicRoute(parseRoute('/invite/abc'))).toBe(true);
    expect(isPublicRoute(parseRoute('/nothing/here'))).toBe(true);
  });

  it('tells which documents belong to a book', () => {
    expect(isDocOfBook('b_1', 'b_1')).toBe(true);
    expect(isDocOfBook('b_1/c1', 'b_1')).toBe(true);
    expect(isDocOfBook('b_12/c1', 'b_1')).toBe(false);
  });

  it('treats ids outside the doc-name grammar as unknown pages', () => {
    expect(parseRoute('/books/../etc')).toEqual({ kind: 'unknown', path: '/books/../etc' });
    expect(parseRoute(`/books/${'x'.repeat(65)}`).kind).toBe('unknown');
  });
});

describe('createId', () => {
  it('makes 12 letters and digits from the random source, redrawing biased bytes', () => {
    let next = 0;
    const fill = (bytes: Uint8Array<ArrayBuffer>) => bytes.map(() => (next++ % 2 === 0 ? 255 : 1));
    expect(createId(fill)).toBe('BBBBBBBBBBBB');
    expect(createId((bytes) => crypto.getRandomValues(bytes))).toMatch(/^[A-Za-z0-9]{12}$/);
  });
});

describe('lookUpChapter', () => {
  const book: BookInfo = {
    title: 'B',
    isCreated: true,
    chapters: [{ id: 'c1', title: 'One', wordCount: 0, partId: null, position: 'a' }],
    parts: [],
    toc: [{ kind: 'chapter', id: 'c1' }],
    trash: [],
    wordCount: 0,
  };
  const state = (overrides: Partial<SessionState>): SessionState => ({
    docName: 'b',
    connection: 'live',
    refusal: null,
    roleChanges: 0,
    isLoadedFromDevice: true,
    hasSyncedWithServer: true,
    save: { stage: 'saved', unsavedChanges: 0, unsavedOnDevice: 0 },
    peers: [],
    ...overrides,
  });

  it('finds a listed chapter even before the server answered', () => {
    expect(lookUpChapter(book, state({ hasSyncedWithServer: false }), 'c1')).toBe('found');
  });

  it('waits for both the device and the server before saying a chapter is missing', () => {
    expect(lookUpChapter(book, state({ hasSyncedWithServer: false }), 'zz')).toBe('waiting');
    expect(lookUpChapter(book, state({ isLoadedFromDevice: false }), 'zz')).toBe('waiting');
    expect(lookUpChapter(book, state({}), 'zz')).toBe('missing');
  });

  it('reports the whole book missing when its index was never created', () => {
    expect(lookUpChapter({ ...book, isCreated: false, chapters: [] }, state({}), 'c1')).toBe('book-missing');
  });
});
