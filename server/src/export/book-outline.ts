import * as Y from 'yjs';

/**
 * A book's index document (doc name `<bookId>`) as the server reads and appends to it. The layout
 * is the client's (client/src/book/book-index.ts): map `book` { title, createdAtMs }, array
 * `chapters` of maps { id, title, wordCount }; keep the two in step.
 */
export interface BookOutline {
  title: string;
  chapters: { id: string; title: string }[];
}

export const UNTITLED_BOOK = 'Untitled book';
const MAX_TITLE_LENGTH = 200;

export function cleanTitle(title: string, fallback: string): string {
  const trimmed = title.replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE_LENGTH);
  return trimmed === '' ? fallback : trimmed;
}

const metaOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap('book');
const chapterListOf = (doc: Y.Doc): Y.Array<Y.Map<unknown>> => doc.getArray('chapters');

/** The title and ordered chapters of a book index document (`fallbackTitle` when it has none). */
export function readOutline(doc: Y.Doc, fallbackTitle: string): BookOutline {
  const chapters: BookOutline['chapters'] = [];
  const seen = new Set<string>();
  chapterListOf(doc).forEach((entry, index) => {
    if (!(entry instanceof Y.Map)) return;
    const id = entry.get('id');
    if (typeof id !== 'string' || seen.has(id)) return;
    seen.add(id);
    const title = entry.get('title');
    chapters.push({ id, title: typeof title === 'string' && title !== '' ? title : `Chapter ${index + 1}` });
  });
  const title = metaOf(doc).get('title');
  return { title: typeof title === 'string' && title !== '' ? title : fallbackTitle, chapters };
}

/** Adds chapters at the end of the list; creates the book (title, time) first when it is new. */
export function appendChapters(
  doc: Y.Doc,
  book: {
    title: string;
    nowMs: number;
    chapters: readonly { id: string; title: string; wordCount?: number }[];
  },
): void {
  const meta = metaOf(doc);
  if (typeof meta.get('createdAtMs') !== 'number') {
    meta.set('title', cleanTitle(book.title, UNTITLED_BOOK));
    meta.set('createdAtMs', book.nowMs);
  }
  const list = chapterListOf(doc);
  for (const chapter of book.chapters) {
    const map = new Y.Map<unknown>();
    map.set('id', chapter.id);
    map.set('title', cleanTitle(chapter.title, `Chapter ${list.length + 1}`));
    map.set('wordCount', chapter.wordCount ?? 0);
    list.push([map]);
  }
}
