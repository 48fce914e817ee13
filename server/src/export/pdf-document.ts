import type { ExportBook } from './export-book';

export interface PdfOptions {
  /** Chromium to print with (default: Debian's). */
  chromiumPath?: string;
}

export async function renderPdf(_book: ExportBook, _options: PdfOptions): Promise<Uint8Array> {
  throw new Error('PDF export is not written yet');
}
