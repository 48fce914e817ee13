import { describe, expect, it } from 'vitest';
import { lookUpChapter } from '../src/app/chapter-lookup';
import { loadRecentBooks, rememberBook } from '../src/app/recent-books';
import { bookDocName, chapterDocName, chapterPath, parseRoute } from '../src/app/route';
import { loadAuthorIdentity, pickColor, saveAuthorIdentity } from '../src/author/author-identity';
import type { BookInfo } from '../src/book/book-index';
import { createId } from '../src/book/ids';
import type { SessionState } from '../src/collab/session-state';

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => map.set(key, value),
  };
}

describe('routes', () => {
  it('parses chapter, book and home URLs and round-trips chapter paths', () => {
    expect(parseRoute('/')).toEqual({ kind: 'home' });
    expect(parseRoute('/books/b1')).toEqual({ kind: 'book', bookId: 'b1' });
    expect(parseRoute(chapterPath('b1', 'c_2'))).toEqual({ kind: 'chapter', bookId: 'b1', chapterId: 'c_2' });
    expect(chapterDocName('b1', 'c_2')).toBe('b1/c_2');
    expect(bookDocName('b1')).toBe('b1');
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

describe('author identity', () => {
  it('is asked for once: saved, then loaded', () => {
    const storage = memoryStorage();
    expect(loadAuthorIdentity(storage)).toBeNull();
    saveAuthorIdentity(storage, { name: '  Ada   Lovelace ', color: pickColor(() => 0.99) });
    expect(loadAuthorIdentity(storage)).toEqual({ name: 'Ada Lovelace', color: '#b5179e' });
  });

  it('asks again when the stored entry is corrupt', () => {
    const storage = memoryStorage();
    storage.setItem('wethink:author', '{nope');
    expect(loadAuthorIdentity(storage)).toBeNull();
    expect(() => saveAuthorIdentity(storage, { name: ' ', color: '#000000' })).toThrow();
  });
});

describe('recent books', () => {
  it('keeps the latest first without duplicates', () => {
    const storage = memoryStorage();
    rememberBook(storage, { id: 'a', title: 'A' });
    rememberBook(storage, { id: 'b', title: 'B' });
    rememberBook(storage, { id: 'a', title: 'A2' });
    expect(loadRecentBooks(storage)).toEqual([
      { id: 'a', title: 'A2' },
      { id: 'b', title: 'B' },
    ]);
  });
});

describe('lookUpChapter', () => {
  const book: BookInfo = {
    title: 'B',
    isCreated: true,
    chapters: [{ id: 'c1', title: 'One', wordCount: 0 }],
    wordCount: 0,
  };
  const state = (overrides: Partial<SessionState>): SessionState => ({
    docName: 'b',
    connection: 'live',
    refusal: null,
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
