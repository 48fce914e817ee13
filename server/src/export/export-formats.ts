import { AppError } from '@wethink/shared';
import { renderDocx } from './docx-document';
import { renderEpub } from './epub-document';
import type { ExportBook } from './export-book';
import { collectBody, type ExportBody } from './export-body';
import { renderHtml } from './html-document';
import { renderMarkdown } from './markdown-document';
import { renderMarkdownZip } from './markdown-zip';
import { renderPdf, type PdfOptions } from './pdf-document';

/** The formats a book exports to, with what a download says about each. */
export const exportFormats = {
  epub: { contentType: 'application/epub+zip', extension: 'epub' },
  pdf: { contentType: 'application/pdf', extension: 'pdf' },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
  },
  md: { contentType: 'text/markdown; charset=utf-8', extension: 'md' },
  html: { contentType: 'text/html; charset=utf-8', extension: 'html' },
} as const;
export type ExportFormat = keyof typeof exportFormats;

export function parseExportFormat(value: unknown): ExportFormat {
  if (typeof value === 'string' && Object.hasOwn(exportFormats, value)) return value as ExportFormat;
  throw new AppError(
    'invalid-request',
    `unknown export format ${JSON.stringify(value)}: one of ${Object.keys(exportFormats).join(', ')}`,
  );
}

/** How a format is rendered, beyond the book itself. */
export interface RenderOptions {
  pdf?: PdfOptions;
  /** Markdown as one manuscript (default) or a zip of one file per chapter. */
  markdownLayout?: 'single' | 'zip';
}

const MARKDOWN_ZIP = { contentType: 'application/zip', extension: 'zip' } as const;

/** What a download of `format` is: a Markdown zip is a zip, not Markdown. */
export function exportFileType(
  format: ExportFormat,
  markdownLayout: RenderOptions['markdownLayout'] = 'single',
): { contentType: string; extension: string } {
  return format === 'md' && markdownLayout === 'zip' ? MARKDOWN_ZIP : exportFormats[format];
}

/**
 * A loaded book in one format, as a body to stream. Whatever can be refused cleanly is refused
 * before this resolves (a cover EPUB cannot take; for PDF the whole print, which runs Chromium):
 * an error while the body is read means the file could not be finished.
 */
export async function exportBody(
  book: ExportBook,
  format: ExportFormat,
  options: RenderOptions = {},
): Promise<ExportBody> {
  switch (format) {
    case 'epub':
      return renderEpub(book);
    case 'docx':
      return renderDocx(book);
    case 'pdf':
      return renderPdf(book, options.pdf ?? {});
    case 'md':
      return options.markdownLayout === 'zip' ? renderMarkdownZip(book) : renderMarkdown(book);
    case 'html':
      return renderHtml(book);
  }
}

/** The whole file in memory (tests and measurements; the server and CLI stream `exportBody`). */
export async function renderBook(
  book: ExportBook,
  format: ExportFormat,
  options: RenderOptions = {},
): Promise<Uint8Array> {
  return collectBody(await exportBody(book, format, options));
}

/** A file name for the download: the title in ASCII letters and digits, and the format's extension. */
export function exportFileName(title: string, extension: string): string {
  const base = title
    .normalize('NFKD')
    // Accents split off by NFKD are dropped, so "Départ" is "Depart", not "De-part".
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${base || 'book'}.${extension}`;
}
