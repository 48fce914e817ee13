import type * as Y from 'yjs';
import {
  ENTRIES_MAP,
  LEGACY_ARRAY,
  META_MAP,
  PARTS_MAP,
  PURGED_MAP,
  addChapter,
  addPart,
  createBook,
  deletePart,
  moveChapter,
  movePart,
  readBookIndex,
  renameBook,
  renameChapter,
  renamePart,
  restoreChapter,
  setWordCount,
  trashChapter,
  type BookIndexView,
  type ChapterEntry,
  type MoveTarget,
} from '@wethink/shared/client';

/**
 * A book's index document (doc name `<bookId>`): title, parts, chapters in order, trash. The
 * layout and every change live in `@wethink/shared` (book-index-read.ts), which the server reads
 * too; this class binds them to one document for the app.
 */
export type { ChapterEntry } from '@wethink/shared/client';
export { MAX_TITLE_LENGTH, UNTITLED_BOOK } from '@wethink/shared/client';
export type BookInfo = BookIndexView;

export class BookIndex {
  constructor(private readonly ydoc: Y.Doc) {}

  read(): BookInfo {
    return readBookIndex(this.ydoc);
  }

  findChapter(chapterId: string): ChapterEntry | null {
    return this.read().chapters.find((chapter) => chapter.id === chapterId) ?? null;
  }

  /** Creates the book with its first chapter, in one transaction. */
  create(book: { title: string; nowMs: number; firstChapter: { id: string; title: string } }): void {
    createBook(this.ydoc, book);
  }

  addChapter(chapter: { id: string; title: string; partId?: string | null }): void {
    addChapter(this.ydoc, chapter);
  }

  renameBook(title: string): void {
    renameBook(this.ydoc, title);
  }

  renameChapter(chapterId: string, title: string): void {
    renameChapter(this.ydoc, chapterId, title);
  }

  /** Records a chapter's word count; writes nothing when it is unchanged. */
  setWordCount(chapterId: string, wordCount: number): void {
    setWordCount(this.ydoc, chapterId, wordCount);
  }

  moveChapter(chapterId: string, target: MoveTarget): void {
    moveChapter(this.ydoc, chapterId, target);
  }

  trashChapter(chapterId: string, by: { nowMs: number; userId: string | null }): void {
    trashChapter(this.ydoc, chapterId, by);
  }

  restoreChapter(chapterId: string): void {
    restoreChapter(this.ydoc, chapterId);
  }

  addPart(part: { id: string; title: string }): void {
    addPart(this.ydoc, part);
  }

  renamePart(partId: string, title: string): void {
    renamePart(this.ydoc, partId, title);
  }

  movePart(partId: string, beforeId: string | null): void {
    movePart(this.ydoc, partId, beforeId);
  }

  deletePart(partId: string): void {
    deletePart(this.ydoc, partId);
  }

  /** Calls `listener` after every change, local or remote. Returns the unsubscribe function. */
  observe(listener: () => void): () => void {
    const onChange = () => listener();
    const types = [
      this.ydoc.getMap(META_MAP),
      this.ydoc.getMap(ENTRIES_MAP),
      this.ydoc.getMap(PARTS_MAP),
      this.ydoc.getMap(PURGED_MAP),
      this.ydoc.getArray(LEGACY_ARRAY),
    ];
    for (const type of types) type.observeDeep(onChange);
    return () => {
      for (const type of types) type.unobserveDeep(onChange);
    };
  }
}
