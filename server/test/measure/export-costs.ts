// Render times of a 20-chapter, 100,000-word generated book in each export format (renderers
// only: the book is built in memory, not read from rooms). Run: node --import tsx test/measure/export-costs.ts
import { renderBook, type ExportFormat } from '../../src/export/export-formats';
import { book } from './generated-book';

for (const format of ['md', 'html', 'epub', 'docx', 'pdf'] as ExportFormat[]) {
  const start = performance.now();
  const bytes = await renderBook(book, format);
  const ms = performance.now() - start;
  process.stdout.write(
    `${format}\t${ms.toFixed(0)} ms\t${bytes.byteLength} bytes\trss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB\n`,
  );
}
