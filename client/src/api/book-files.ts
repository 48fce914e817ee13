import { apiErrorFromResponse, unreachableError } from './api-error';

/** The export formats the server offers (server/src/export/export-formats.ts), as the dialog lists them. */
export const exportFormatLabels = {
  epub: 'EPUB (e-readers)',
  pdf: 'PDF (print)',
  docx: 'Word (DOCX)',
  md: 'Markdown',
  html: 'Web page (HTML)',
} as const;
export type ExportFormat = keyof typeof exportFormatLabels;

export interface ImportResult {
  bookId: string;
  chapters: { id: string; title: string }[];
  unsupported: Record<string, number>;
}

async function send(url: string, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', ...init });
  } catch (error) {
    throw unreachableError(error);
  }
  if (!response.ok) throw apiErrorFromResponse(response.status, await response.json().catch(() => null));
  return response;
}

/** What an export holds besides its format (the server's export-options.ts checks each). */
export interface ExportRequestOptions {
  /** Comment threads as an appendix per chapter. */
  hasComments: boolean;
  /** The book as of this time (each chapter as last saved by then); null: as it is now. */
  asOf: Date | null;
  /** Markdown only: one manuscript, or a zip of one file per chapter. */
  markdownLayout: 'single' | 'zip';
  /** The id of one of the book's images, for the cover. */
  coverImageId: string | null;
  /** Chapters to export as a named version (chapter id → version id); ignored with `asOf`. */
  versionOf: ReadonlyMap<string, number>;
}

/** A chapter's named version, as the dialog offers it. */
export interface NamedVersion {
  id: number;
  name: string;
  createdAt: string;
}

/** The export's query string: only what differs from the server's defaults. */
export function exportQuery(format: ExportFormat, options: ExportRequestOptions): string {
  const query = new URLSearchParams({ format });
  if (options.hasComments) query.set('comments', 'appendix');
  if (options.asOf) query.set('asOf', options.asOf.toISOString());
  else if (options.versionOf.size > 0) {
    query.set('versions', [...options.versionOf].map(([chapter, id]) => `${chapter}:${id}`).join(','));
  }
  if (format === 'md' && options.markdownLayout === 'zip') query.set('markdown', 'zip');
  if (options.coverImageId) query.set('cover', options.coverImageId);
  return query.toString();
}

/** A chapter's named versions, newest first (automatic ones are left out: they have no name). */
export async function fetchNamedVersions(bookId: string, chapterId: string): Promise<NamedVersion[]> {
  const response = await send(
    `/api/books/${encodeURIComponent(bookId)}/chapters/${encodeURIComponent(chapterId)}/versions`,
  );
  const { versions } = (await response.json()) as {
    versions: { id: number; kind: string; name: string | null; createdAt: string }[];
  };
  return versions
    .flatMap((v) =>
      v.kind === 'named' && v.name ? [{ id: v.id, name: v.name, createdAt: v.createdAt }] : [],
    )
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** An image of the book's figures, offered as a cover. */
export interface BookImage {
  id: string;
  alt: string;
  chapterTitle: string;
}

/** The images the book's figures show, in reading order. */
export async function fetchBookImages(bookId: string): Promise<BookImage[]> {
  const response = await send(`/api/books/${encodeURIComponent(bookId)}/export/images`);
  return ((await response.json()) as { images: BookImage[] }).images;
}

/** Uploads an image to the book (as the editor's figures do) for use as a cover; resolves to its id. */
export async function postCoverImage(bookId: string, image: Blob): Promise<string> {
  const response = await send(`/api/books/${encodeURIComponent(bookId)}/images`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: image,
  });
  return ((await response.json()) as { id: string }).id;
}

/** The file name a download offers (Content-Disposition's), or a plain one. */
function fileNameOf(response: Response, format: ExportFormat): string {
  const header = response.headers.get('content-disposition') ?? '';
  return /filename="([^"]+)"/.exec(header)?.[1] ?? `book.${format}`;
}

/** Downloads a book's export, reporting bytes received as they come. Rejects with an `ApiError`. */
export async function fetchExport(
  bookId: string,
  request: { format: ExportFormat; options: ExportRequestOptions },
  onBytes: (received: number) => void,
): Promise<{ blob: Blob; fileName: string }> {
  const { format, options } = request;
  const response = await send(
    `/api/books/${encodeURIComponent(bookId)}/export?${exportQuery(format, options)}`,
  );
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body!.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    chunks.push(chunk.value);
    received += chunk.value.byteLength;
    onBytes(received);
  }
  const type = response.headers.get('content-type') ?? 'application/octet-stream';
  return { blob: new Blob(chunks as BlobPart[], { type }), fileName: fileNameOf(response, format) };
}

/** The import format of a file, by its name; null when the server takes no such file. */
export function importFormatOf(fileName: string): 'md' | 'html' | 'docx' | null {
  const extension = fileName.toLowerCase().split('.').pop();
  if (extension === 'md' || extension === 'markdown' || extension === 'txt') return 'md';
  if (extension === 'html' || extension === 'htm') return 'html';
  return extension === 'docx' ? 'docx' : null;
}

/** Imports a file as chapters appended to `bookId`, or as a new book when it is null. */
export async function postImport(bookId: string | null, file: File): Promise<ImportResult> {
  const format = importFormatOf(file.name);
  if (format === null) throw new RangeError(`cannot import ${file.name}: not .md, .html or .docx`);
  const path = bookId === null ? '/api/books/import' : `/api/books/${encodeURIComponent(bookId)}/import`;
  const query = `?format=${format}&filename=${encodeURIComponent(file.name)}`;
  const response = await send(`${path}${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: file,
  });
  return (await response.json()) as ImportResult;
}
