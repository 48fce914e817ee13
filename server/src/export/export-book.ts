import { createHash } from 'node:crypto';
import type { Node } from 'prosemirror-model';
import {
  bookSchema,
  chapterFragment,
  commentsDocOf,
  readComments,
  type DocName,
  type Role,
} from '@wethink/shared';
import { authorshipOf, wordsByAuthor } from '../history/authorship';
import { chapterContent } from '../history/prosemirror-json';
import { userIdOfPrincipal } from '../sync/room-history';
import type { BookSource } from './book-source';
import { readOutline, UNTITLED_BOOK } from './book-outline';
import { creditContributors, type ChapterActivity, type Contributors } from './contributors';

/** Everything a renderer needs, read once: renderers are pure functions of it. */
export interface ExportBook {
  id: string;
  title: string;
  /** BCP 47; books carry no language yet, so every export says English. */
  language: string;
  /** A stable identifier: the same book always exports with the same one. */
  identifier: string;
  /** The time the export stands for, to the second (EPUB's dcterms:modified, DOCX's properties). */
  modifiedAt: Date;
  chapters: ExportChapter[];
  contributors: Contributors;
  /** Figures' images by `src`, for formats that embed them (absent: figures show their alt text). */
  images?: ReadonlyMap<string, ExportImage>;
}

export interface ExportImage {
  contentType: string;
  bytes: Uint8Array;
}

export interface ExportChapter {
  id: string;
  title: string;
  /** The chapter as a `doc` node of the book schema. */
  doc: Node;
}

/** Who the people of a book are: names (never e-mail addresses) and roles of current members. */
export interface BookPeople {
  names(userIds: Iterable<string>): Promise<Map<string, string>>;
  roles(bookId: string): Promise<Map<string, Role>>;
}

export const EXPORT_LANGUAGE = 'en';

/** A name-based UUID (RFC 4122 layout, version 5 style) of the book id: it never changes. */
export function bookIdentifier(bookId: string): string {
  const hex = createHash('sha256').update(`wethink:book:${bookId}`).digest('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Reads a book for export: its outline, each chapter (in the book's order) from a copy converted
 * to the book schema, and who wrote and commented on what. `fallbackTitle` is the title the
 * account store knows, for a book whose index document has none yet.
 */
export async function loadExportBook(deps: {
  source: BookSource;
  people: BookPeople;
  bookId: string;
  fallbackTitle?: string;
  modifiedAt: Date;
  /** Reads a figure's image by its `src` (null when gone); without it, no image is embedded. */
  image?: (src: string) => Promise<ExportImage | null>;
}): Promise<ExportBook> {
  const { source, bookId } = deps;
  const outline = await source.read(bookId as DocName, ({ doc }) =>
    readOutline(doc, deps.fallbackTitle ?? UNTITLED_BOOK),
  );
  const chapters: ExportChapter[] = [];
  const activity: ChapterActivity[] = [];
  for (const entry of outline.chapters) {
    const name = `${bookId}/${entry.id}` as DocName;
    const { doc, words } = await source.read(name, (copy) => {
      const fragment = chapterFragment(copy.doc);
      const runs = authorshipOf(fragment, (clientId) => {
        const principal = copy.ownerOf(clientId);
        return principal === undefined ? null : userIdOfPrincipal(principal);
      });
      return {
        doc: bookSchema.nodeFromJSON(chapterContent(fragment).content),
        words: wordsByAuthor(runs),
      };
    });
    const comments = await source.read(commentsDocOf(name), (copy) => readComments(copy.doc).comments);
    chapters.push({ id: entry.id, title: entry.title, doc });
    activity.push({ title: entry.title, words, commentAuthors: comments.map((c) => c.authorId) });
  }
  const contributors = await creditContributors(activity, await deps.people.roles(bookId), deps.people);
  const images = new Map<string, ExportImage>();
  for (const chapter of chapters) {
    for (const src of figureSources(chapter.doc)) {
      const image = images.has(src) ? null : await deps.image?.(src);
      if (image) images.set(src, image);
    }
  }
  return {
    images,
    id: bookId,
    title: outline.title,
    language: EXPORT_LANGUAGE,
    identifier: bookIdentifier(bookId),
    modifiedAt: new Date(Math.floor(deps.modifiedAt.getTime() / 1000) * 1000),
    chapters,
    contributors,
  };
}

/** The `src` of every figure of a chapter. */
function figureSources(doc: Node): string[] {
  const sources: string[] = [];
  doc.descendants((node) => {
    if (node.type.name === 'figure') sources.push(String(node.attrs.src));
    return node.isBlock;
  });
  return sources;
}
