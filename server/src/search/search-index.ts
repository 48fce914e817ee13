import type { DocName } from '@wethink/shared';
import type { SearchTerms } from './search-text';

/** A block of a chapter as indexed: its index among the chapter's top-level blocks and its text. */
export interface IndexedBlock {
  index: number;
  text: string;
}

export interface FoundBlock {
  doc: DocName;
  index: number;
  text: string;
}

/**
 * The book's full-text index: derived data, rebuilt from the chapters whenever missing. Every
 * method is asynchronous; implementations: memory (tests), SQLite FTS5, PostgreSQL tsvector + GIN.
 * Words are the ones `search-text.ts` defines, so every backend finds the same passages.
 */
export interface SearchIndex {
  /** Replaces everything indexed for `chapter` with `blocks`, atomically; marks it indexed. */
  replaceChapter(chapter: DocName, blocks: readonly IndexedBlock[]): Promise<void>;
  /**
   * Replaces the rows of just these blocks of an indexed chapter (typing inside paragraphs: the
   * other blocks and their indexes are unchanged); a block with empty text is removed.
   */
  replaceBlocks(chapter: DocName, blocks: readonly IndexedBlock[]): Promise<void>;
  /** Forgets the chapters (purged). */
  removeChapters(chapters: readonly DocName[]): Promise<void>;
  /** Which chapters of the book have been indexed (possibly with no text). */
  indexedChapters(bookId: string): Promise<Set<DocName>>;
  /**
   * Blocks of the book's chapters that hold every word of `terms`, at most `limit` of them, in
   * no particular order.
   */
  findBlocks(bookId: string, terms: SearchTerms, limit: number): Promise<FoundBlock[]>;
  close(): Promise<void>;
}

/** The book a chapter's document name belongs to. */
export const bookOf = (chapter: DocName): string => chapter.split('/', 1)[0]!;
