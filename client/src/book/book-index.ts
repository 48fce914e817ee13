import * as Y from 'yjs';

/**
 * A book's index document (doc name `<bookId>`): its title and ordered chapter list. Every author
 * holds a copy, so a chapter created or renamed anywhere appears live everywhere.
 *
 * Layout: map `book` { title, createdAtMs }, array `chapters` of maps { id, title, wordCount }.
 * A book exists once `createdAtMs` is set.
 */

export interface ChapterEntry {
  id: string;
  title: string;
  wordCount: number;
}

export interface BookInfo {
  title: string;
  isCreated: boolean;
  chapters: readonly ChapterEntry[];
  wordCount: number;
}

export const MAX_TITLE_LENGTH = 200;
export const UNTITLED_BOOK = 'Untitled book';

function cleanTitle(title: string, fallback: string): string {
  const trimmed = title.replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE_LENGTH);
  return trimmed === '' ? fallback : trimmed;
}

function chapterFromMap(map: Y.Map<unknown>, index: number): ChapterEntry | null {
  const id = map.get('id');
  if (typeof id !== 'string') return null;
  const title = map.get('title');
  const wordCount = map.get('wordCount');
  return {
    id,
    title: typeof title === 'string' && title !== '' ? title : `Chapter ${index + 1}`,
    wordCount: typeof wordCount === 'number' && wordCount >= 0 ? wordCount : 0,
  };
}

export class BookIndex {
  constructor(private readonly ydoc: Y.Doc) {}

  private get meta(): Y.Map<unknown> {
    return this.ydoc.getMap('book');
  }

  private get chapterList(): Y.Array<Y.Map<unknown>> {
    return this.ydoc.getArray('chapters');
  }

  read(): BookInfo {
    const chapters = this.chapterList
      .toArray()
      .map((map, i) => chapterFromMap(map, i))
      .filter((chapter): chapter is ChapterEntry => chapter !== null);
    const title = this.meta.get('title');
    return {
      title: typeof title === 'string' && title !== '' ? title : UNTITLED_BOOK,
      isCreated: typeof this.meta.get('createdAtMs') === 'number',
      chapters,
      wordCount: chapters.reduce((sum, chapter) => sum + chapter.wordCount, 0),
    };
  }

  findChapter(chapterId: string): ChapterEntry | null {
    return this.read().chapters.find((chapter) => chapter.id === chapterId) ?? null;
  }

  /** Creates the book with its first chapter, in one transaction. */
  create(book: { title: string; nowMs: number; firstChapter: { id: string; title: string } }): void {
    this.ydoc.transact(() => {
      this.meta.set('title', cleanTitle(book.title, UNTITLED_BOOK));
      this.meta.set('createdAtMs', book.nowMs);
      this.addChapter(book.firstChapter);
    });
  }

  addChapter(chapter: { id: string; title: string }): void {
    const map = new Y.Map<unknown>();
    map.set('id', chapter.id);
    map.set('title', cleanTitle(chapter.title, `Chapter ${this.chapterList.length + 1}`));
    map.set('wordCount', 0);
    this.chapterList.push([map]);
  }

  renameBook(title: string): void {
    this.meta.set('title', cleanTitle(title, UNTITLED_BOOK));
  }

  renameChapter(chapterId: string, title: string): void {
    const map = this.chapterMap(chapterId);
    map.set('title', cleanTitle(title, String(map.get('title') ?? '')));
  }

  /** Records a chapter's word count; writes nothing when it is unchanged. */
  setWordCount(chapterId: string, wordCount: number): void {
    if (!Number.isInteger(wordCount) || wordCount < 0) {
      throw new RangeError(`word count must be a non-negative integer, got ${wordCount}`);
    }
    const map = this.chapterMap(chapterId);
    if (map.get('wordCount') !== wordCount) map.set('wordCount', wordCount);
  }

  /** Calls `listener` after every change, local or remote. Returns the unsubscribe function. */
  observe(listener: () => void): () => void {
    const onChange = () => listener();
    this.meta.observe(onChange);
    this.chapterList.observeDeep(onChange);
    return () => {
      this.meta.unobserve(onChange);
      this.chapterList.unobserveDeep(onChange);
    };
  }

  private chapterMap(chapterId: string): Y.Map<unknown> {
    const map = this.chapterList.toArray().find((entry) => entry.get('id') === chapterId);
    if (map === undefined) throw new RangeError(`no chapter ${JSON.stringify(chapterId)} in this book`);
    return map;
  }
}
