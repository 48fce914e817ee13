import type * as Y from 'yjs';
import { appendChapters as appendToIndex, readBookIndex } from '@wethink/shared';

/**
 * A book's index document (doc name `<bookId>`) as export and import read and append to it. The
 * layout is shared with the client (`@wethink/shared`, book-index-read.ts): chapters in the trash
 * are not part of the book's text, so they are left out here.
 */
export interface BookOutline {
  title: string;
  /** `part`: the title of the part a chapter is in, or null at the top level. */
  chapters: { id: string; title: string; part: string | null }[];
}

export { UNTITLED_BOOK, cleanTitle } from '@wethink/shared';

/** The title and ordered live chapters of a book index document (`fallbackTitle` when it has none). */
export function readOutline(doc: Y.Doc, fallbackTitle: string): BookOutline {
  const view = readBookIndex(doc);
  const partTitles = new Map(view.parts.map((part) => [part.id, part.title]));
  const stored = doc.getMap('book').get('title');
  return {
    title: typeof stored === 'string' && stored !== '' ? stored : fallbackTitle,
    chapters: view.chapters.map(({ id, title, partId }) => ({
      id,
      title,
      part: partId === null ? null : (partTitles.get(partId) ?? null),
    })),
  };
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
  appendToIndex(doc, book);
}
