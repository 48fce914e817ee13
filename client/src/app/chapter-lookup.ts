import type { BookInfo } from '../book/book-index';
import type { SessionState } from '../collab/session-state';

/** Whether a chapter URL points at a chapter of the book. */
export type ChapterLookup = 'found' | 'missing' | 'book-missing' | 'waiting';

/**
 * Decides only once both copies of the index are in: this device's (a chapter created offline is
 * only there) and the server's (a chapter created by someone else is only there).
 */
export function lookUpChapter(book: BookInfo, indexState: SessionState, chapterId: string): ChapterLookup {
  // A chapter in the trash still opens (to read it, or restore it from its page).
  if (book.chapters.some((chapter) => chapter.id === chapterId)) return 'found';
  if (book.trash.some((chapter) => chapter.id === chapterId)) return 'found';
  if (indexState.connection === 'refused') return 'book-missing';
  if (!indexState.hasSyncedWithServer || !indexState.isLoadedFromDevice) return 'waiting';
  return book.isCreated ? 'missing' : 'book-missing';
}
