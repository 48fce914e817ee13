import { createHash } from 'node:crypto';
import type { Node } from 'prosemirror-model';
import {
  AppError,
  bookSchema,
  chapterFragment,
  commentsDocOf,
  readComments,
  suggestionsOf,
  type DocName,
  type Role,
} from '@wethink/shared';
import { authorshipOf, wordsByAuthor } from '../history/authorship';
import { chapterContent } from '../history/prosemirror-json';
import { userIdOfPrincipal } from '../sync/room-history';
import type { BookSource } from './book-source';
import { readOutline, UNTITLED_BOOK } from './book-outline';
import { creditContributors, type ChapterActivity, type Contributors } from './contributors';
import type { DocCopy } from './book-source';
import { EDITS_SETTLED_MS, pickChapters } from './chapter-selection';
import { appendixUserIds, chapterThreads, commentsStatement, type ChapterThreads } from './comment-appendix';
import { DEFAULT_EXPORT_OPTIONS, type ExportOptions } from './export-options';
import { storedImage, type ExportImage } from './export-image';
import type { StoredBlob } from '../storage/blob-store';

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
  /** The title page's verso: which text this is, what was left out, whether comments are in. */
  verso: string[];
  /** Each chapter's comment threads for the appendix; null when comments are not included. */
  comments: ChapterThreads[] | null;
  /** The cover image, if one was chosen. */
  cover: ExportImage | null;
}

export interface ExportChapter {
  id: string;
  title: string;
  /** The title of the part the chapter is in (null at the book's top level). */
  part: string | null;
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

/** A chapter copy as the book schema's `doc`, and the surviving words of each author in it. */
function readChapter(copy: DocCopy): { doc: Node; words: Map<string, number> } {
  const fragment = chapterFragment(copy.doc);
  const runs = authorshipOf(fragment, (clientId) => {
    const principal = copy.ownerOf(clientId);
    return principal === undefined ? null : userIdOfPrincipal(principal);
  });
  return { doc: bookSchema.nodeFromJSON(chapterContent(fragment).content), words: wordsByAuthor(runs) };
}

/**
 * Reads a book for export: its outline, each chapter (in the book's order, as the options pick
 * its text) from a copy converted to the book schema, who wrote and commented on what, and the
 * comment threads when the appendix is asked for. `fallbackTitle` is the title the account store
 * knows, for a book whose index document has none yet.
 */
export async function loadExportBook(deps: {
  source: BookSource;
  people: BookPeople;
  bookId: string;
  fallbackTitle?: string;
  modifiedAt: Date;
  options?: ExportOptions;
  /** Reads a figure's image by its `src` (null when gone); without it, no image is embedded. */
  image?: (src: string) => Promise<StoredBlob | null>;
  /** Reads one of the book's images by id, for the cover (null when the book has no such image). */
  coverImage?: (id: string) => Promise<StoredBlob | null>;
}): Promise<ExportBook> {
  const { source, bookId } = deps;
  const options = deps.options ?? DEFAULT_EXPORT_OPTIONS;
  // The book as of a time stands for that time: two such exports are the same bytes.
  const standsFor = options.text.kind === 'as-of' ? options.text.at : deps.modifiedAt;
  const modifiedAt = new Date(Math.floor(standsFor.getTime() / 1000) * 1000);
  const cover = await readCover(options.coverImageId, deps.coverImage);
  const outline = await source.read(bookId as DocName, ({ doc }) =>
    readOutline(doc, deps.fallbackTitle ?? UNTITLED_BOOK),
  );
  const { picks, notes } = await pickChapters({
    source,
    bookId,
    chapters: outline.chapters,
    selection: options.text,
    exportedAt: modifiedAt,
    // An "as of" export stands for its time, but what history has settled is known at the real now.
    settledBeforeMs: deps.modifiedAt.getTime() - EDITS_SETTLED_MS,
  });
  const chapters: ExportChapter[] = [];
  const activity: ChapterActivity[] = [];
  const threads: { title: string; snapshot: ReturnType<typeof readComments>; atMs: number | null }[] = [];
  for (const { entry, version } of picks) {
    const name = `${bookId}/${entry.id}` as DocName;
    const read = version
      ? await source.readVersion(name, version.id, readChapter)
      : await source.read(name, readChapter);
    if (!read) throw new Error(`version ${version?.id} of ${name} vanished during export`);
    const { snapshot, acceptedSuggesters } = await source.read(commentsDocOf(name), (copy) => ({
      snapshot: readComments(copy.doc),
      acceptedSuggesters: [...suggestionsOf(copy.doc).values()]
        .filter((suggestion) => suggestion.status === 'accepted')
        .map((suggestion) => suggestion.suggestedBy),
    }));
    chapters.push({ id: entry.id, title: entry.title, part: entry.part, doc: read.doc });
    activity.push({
      title: entry.title,
      words: read.words,
      commentAuthors: snapshot.comments.map((c) => c.authorId),
      acceptedSuggesters,
    });
    // The comments as of the time the chapter's text stands for: the export's time, or its version's.
    const atMs =
      options.text.kind === 'as-of' ? options.text.at.getTime() : version ? version.createdAt : null;
    threads.push({ title: entry.title, snapshot, atMs });
  }
  const contributors = await creditContributors(activity, await deps.people.roles(bookId), deps.people);
  let comments: ChapterThreads[] | null = null;
  if (options.hasComments) {
    const names = await deps.people.names(threads.flatMap(({ snapshot }) => appendixUserIds(snapshot)));
    comments = threads.map(({ title, snapshot, atMs }) => chapterThreads(title, snapshot, names, atMs));
  }
  // Each image is read here once, for its type and to know it is there; its bytes are read again
  // when the export writes it, so only one image is in memory at a time.
  const images = new Map<string, ExportImage>();
  const readImage = deps.image;
  for (const chapter of chapters) {
    for (const src of figureSources(chapter.doc)) {
      if (images.has(src) || !readImage) continue;
      const image = await storedImage(() => readImage(src), `image ${src}`);
      if (image) images.set(src, image);
    }
  }
  return {
    images,
    id: bookId,
    title: outline.title,
    language: EXPORT_LANGUAGE,
    identifier: bookIdentifier(bookId),
    modifiedAt,
    chapters,
    contributors,
    verso: [
      ...notes,
      commentsStatement(
        options.hasComments,
        threads.some(({ atMs }) => atMs !== null),
      ),
    ],
    comments,
    cover,
  };
}

async function readCover(
  id: string | null,
  read: ((id: string) => Promise<StoredBlob | null>) | undefined,
): Promise<ExportImage | null> {
  if (id === null) return null;
  const image = read ? await storedImage(() => read(id), `cover image ${id}`) : null;
  if (!image) throw new AppError('invalid-request', `bad export options: cover: the book has no image ${id}`);
  return image;
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
