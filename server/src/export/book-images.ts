import type { Node } from 'prosemirror-model';
import { bookSchema, chapterFragment, type DocName } from '@wethink/shared';
import { chapterContent } from '../history/prosemirror-json';
import { readOutline, UNTITLED_BOOK } from './book-outline';
import type { BookSource } from './book-source';

/** An image a book's figures show, as the Export dialog offers it for the cover. */
export interface BookImage {
  /** The image's id in the book (the last segment of its `src`). */
  id: string;
  alt: string;
  chapterTitle: string;
}

/**
 * The images of a book's figures, in reading order, each once (by id), from copies of the
 * chapters as they are now: the choice of a cover among the book's own pictures.
 */
export async function listBookImages(source: BookSource, bookId: string): Promise<BookImage[]> {
  const outline = await source.read(bookId as DocName, ({ doc }) => readOutline(doc, UNTITLED_BOOK));
  const seen = new Set<string>();
  const images: BookImage[] = [];
  for (const chapter of outline.chapters) {
    const doc = await source.read(`${bookId}/${chapter.id}` as DocName, (copy) =>
      bookSchema.nodeFromJSON(chapterContent(chapterFragment(copy.doc)).content),
    );
    doc.descendants((node: Node) => {
      if (node.type.name !== 'figure') return node.isBlock;
      const src = String(node.attrs.src);
      const id = src.slice(src.lastIndexOf('/') + 1);
      if (!seen.has(id) && src.startsWith(`/api/books/${bookId}/images/`)) {
        seen.add(id);
        images.push({ id, alt: String(node.attrs.alt), chapterTitle: chapter.title });
      }
      return false;
    });
  }
  return images;
}
