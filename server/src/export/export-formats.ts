import { AppError } from '@wethink/shared';
import { renderDocx } from './docx-document';
import { renderEpub } from './epub-document';
import type { ExportBook } from './export-book';
import { renderHtml } from './html-document';
import { renderMarkdown } from './markdown-document';
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

/** Renders a loaded book in one format. */
export async function renderBook(
  book: ExportBook,
  format: ExportFormat,
  pdf: PdfOptions = {},
): Promise<Uint8Array> {
  switch (format) {
    case 'epub':
      return renderEpub(book);
    case 'docx':
      return renderDocx(book);
    case 'pdf':
      return renderPdf(book, pdf);
    case 'md':
      return new TextEncoder().encode(renderMarkdown(book));
    case 'html':
      return new TextEncoder().encode(renderHtml(book));
  }
}

/** A file name for the download: the title in ASCII letters and digits, and the format's extension. */
export function exportFileName(title: string, format: ExportFormat): string {
  const base = title
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${base || 'book'}.${exportFormats[format].extension}`;
}
