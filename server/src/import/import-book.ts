import { randomInt } from 'node:crypto';
import type * as Y from 'yjs';
import {
  AppError,
  MAX_CHAPTERS,
  bookSchema,
  canWrite,
  chapterFragment,
  readBookIndex,
  type DocName,
} from '@wethink/shared';
import type { AccountService } from '../accounts/account-service';
import { appendChapters } from '../export/book-outline';
import type { HistoryService } from '../history/history-service';
import { countWordStarts } from '../history/words';
import type { Node } from 'prosemirror-model';
import { parseDocx } from './docx-import';
import { parseHtml } from './html-import';
import { ImportImages } from './import-images';
import type { ImageService } from '../figures/image-service';
import { ImportReport } from './import-report';
import { parseMarkdown } from './markdown-import';
import { splitChapters } from './split-chapters';
import { appendToFragment } from './write-fragment';

export const importFormats = ['md', 'html', 'docx'] as const;
export type ImportFormat = (typeof importFormats)[number];

/** Largest file an import takes (a DOCX with images is the big case; text alone is far smaller). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export interface ImportRequest {
  userId: string;
  /** The book to append chapters to; null for a new book. */
  bookId: string | null;
  format: ImportFormat;
  bytes: Uint8Array;
  /** The new book's title (default: the file's own title, else its name). */
  title?: string;
  fileName?: string;
  /** Headings of this level or above (1 is the top) start chapters; default 1. */
  splitLevel?: number;
}

export interface ImportResult {
  bookId: string;
  chapters: { id: string; title: string }[];
  /** What the schema could not hold, by kind, with counts. */
  unsupported: Record<string, number>;
  /** The named version taken of each imported chapter. */
  versionIds: number[];
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** A chapter id like the client's (client/src/book/ids.ts): 12 letters and digits. */
const newChapterId = (): string =>
  Array.from({ length: 12 }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join('');

function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (error) {
    throw new AppError('invalid-request', 'the file is not UTF-8 text: save it as UTF-8 and import again', {
      cause: error,
    });
  }
}

async function parse(request: ImportRequest, report: ImportReport, images: ImportImages | undefined) {
  switch (request.format) {
    case 'md':
      return parseMarkdown(decodeText(request.bytes), report);
    case 'html':
      return parseHtml(decodeText(request.bytes), report, images);
    case 'docx':
      return parseDocx(request.bytes, report, images);
  }
}

/** A chapter with each figure's stand-in `src` made the book's own. */
function withBookImages(doc: Node, images: ImportImages, bookId: string): Node {
  const rewrite = (json: {
    type: string;
    attrs?: Record<string, unknown>;
    content?: unknown[];
  }): unknown => ({
    ...json,
    ...(json.type === 'figure' && typeof json.attrs?.src === 'string'
      ? { attrs: { ...json.attrs, src: images.srcFor(json.attrs.src, bookId) } }
      : {}),
    ...(json.content ? { content: json.content.map((child) => rewrite(child as typeof json)) } : {}),
  });
  return bookSchema.nodeFromJSON(rewrite(doc.toJSON() as Parameters<typeof rewrite>[0]));
}

/**
 * Imports a manuscript as chapters of a new book or appended to one the importer may write. Each
 * chapter's text is written by the server through its room as the importer (attributed to them
 * like their typing), then listed in the book's index, then a named version of it is taken.
 */
export async function importBook(
  deps: {
    accounts: AccountService;
    history: HistoryService;
    now: () => number;
    /** Where images the file brings are stored; without it they are counted as left out. */
    images?: ImageService;
  },
  request: ImportRequest,
): Promise<ImportResult> {
  if (request.bytes.byteLength > MAX_IMPORT_BYTES) {
    throw new AppError('payload-too-large', `an import takes at most ${MAX_IMPORT_BYTES} bytes`);
  }
  if (request.bookId !== null) {
    const { role } = await deps.accounts.getBook(request.userId, request.bookId);
    if (!canWrite(role)) throw new AppError('forbidden', `a ${role} cannot add chapters`);
  }
  const report = new ImportReport();
  const images = deps.images ? new ImportImages(report) : undefined;
  const parsed = await parse(request, report, images);
  const chapters = splitChapters(parsed.doc, { level: request.splitLevel ?? 1, untitled: 'Opening' });
  if (chapters.every((chapter) => chapter.doc.textContent.trim() === '' && chapter.title === 'Opening')) {
    throw new AppError('invalid-request', 'the file holds no text to import');
  }
  const held = request.bookId === null ? 0 : await chaptersHeld(deps.history.documents.rooms, request.bookId);
  if (held + chapters.length > MAX_CHAPTERS) {
    throw new AppError(
      'payload-too-large',
      `a book holds at most ${MAX_CHAPTERS} chapters, its trash included: this import would make ${held + chapters.length}`,
    );
  }
  const bookTitle =
    request.title ?? parsed.title ?? request.fileName?.replace(/\.[^.]+$/, '') ?? 'Imported book';
  const bookId = request.bookId ?? (await deps.accounts.createBook(request.userId, bookTitle)).id;
  const { rooms } = deps.history.documents;
  const principal = `user:${request.userId}`;
  // The images first, so no chapter ever points at an image that is not stored.
  for (const [, bytes] of images?.entries() ?? []) await deps.images!.upload(request.userId, bookId, bytes);
  const written = chapters.map((chapter) => ({
    ...chapter,
    doc: images ? withBookImages(chapter.doc, images, bookId) : chapter.doc,
    id: newChapterId(),
  }));
  const changeRoom = async (name: string, change: (doc: Y.Doc) => void): Promise<void> => {
    const room = await rooms.acquire(name as DocName);
    try {
      // A server write on the importer's behalf: attributed to them, like their typing.
      await room.changeAs(principal, 'import', change);
    } finally {
      rooms.release(room);
    }
  };
  for (const chapter of written) {
    await changeRoom(`${bookId}/${chapter.id}`, (doc) => appendToFragment(chapterFragment(doc), chapter.doc));
  }
  await changeRoom(bookId, (doc) =>
    appendChapters(doc, {
      title: bookTitle,
      nowMs: deps.now(),
      chapters: written.map((chapter) => ({
        id: chapter.id,
        title: chapter.title,
        wordCount: countWordStarts(chapter.doc.textBetween(0, chapter.doc.content.size, ' ', ' '), undefined),
      })),
    }),
  );
  const versionName = `Imported${request.fileName ? ` from ${request.fileName}` : ''}`.slice(0, 100);
  const versionIds: number[] = [];
  for (const chapter of written) {
    versionIds.push((await deps.history.createVersion(request.userId, bookId, chapter.id, versionName)).id);
  }
  return {
    bookId,
    chapters: written.map(({ id, title }) => ({ id, title })),
    unsupported: report.toJSON(),
    versionIds,
  };
}

/** Chapters a book's index lists, live or in the trash. */
async function chaptersHeld(rooms: HistoryService['documents']['rooms'], bookId: string): Promise<number> {
  const room = await rooms.acquire(bookId as DocName);
  try {
    const view = readBookIndex(room.doc);
    return view.chapters.length + view.trash.length;
  } finally {
    rooms.release(room);
  }
}
