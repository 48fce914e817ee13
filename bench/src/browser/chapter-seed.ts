import { BookIndex } from '@wethink/client/book-index';
import { chapterFragment } from '@wethink/shared';
import * as Y from 'yjs';
import { connectDoc, whenServerHas } from './doc-client';

const WORDS = 'the rain came down on the harbour as she read the letter nobody had answered in years'.split(
  ' ',
);
export const WORDS_PER_PARAGRAPH = 100;

/** A paragraph of `WORDS_PER_PARAGRAPH` words, varied by its index. */
function paragraphText(index: number): string {
  return Array.from({ length: WORDS_PER_PARAGRAPH }, (_, i) => WORDS[(index * 7 + i) % WORDS.length]).join(
    ' ',
  );
}

/**
 * Writes a book's index (one chapter) and that chapter's text, `words` words in paragraphs, the
 * way the editor stores them (a `paragraph` element holding one `Y.XmlText`), then waits until a
 * fresh connection reads both back from the server.
 */
export async function seedBook(options: {
  syncUrl: string;
  token: string;
  bookId: string;
  chapterId: string;
  words: number;
}): Promise<void> {
  const { syncUrl, token, bookId, chapterId } = options;
  const index = connectDoc(syncUrl, bookId, token);
  const chapter = connectDoc(syncUrl, `${bookId}/${chapterId}`, token);
  await Promise.all([index.synced, chapter.synced]);
  new BookIndex(index.doc).create({
    title: 'Browser bench',
    nowMs: Date.now(),
    firstChapter: { id: chapterId, title: 'The long chapter' },
  });
  chapter.doc.transact(() => {
    const paragraphs = Array.from({ length: Math.ceil(options.words / WORDS_PER_PARAGRAPH) }, (_, i) => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(paragraphText(i))]);
      return paragraph;
    });
    chapterFragment(chapter.doc).insert(0, paragraphs);
  });
  new BookIndex(index.doc).setWordCount(chapterId, options.words);
  await Promise.all([whenServerHas(syncUrl, index, token), whenServerHas(syncUrl, chapter, token)]);
  index.destroy();
  chapter.destroy();
}
