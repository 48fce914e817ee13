// Where a 100,000-word DOCX import spends its time, phase by phase (no HTTP or storage): mammoth's
// HTML, the HTML to the schema, chapters split, and the chapters written into Yjs documents.
// Run: node --import tsx test/measure/import-costs.ts
import * as Y from 'yjs';
import mammoth from 'mammoth';
import { chapterFragment } from '@wethink/shared';
import { renderBook } from '../../src/export/export-formats';
import { parseHtml } from '../../src/import/html-import';
import { ImportReport } from '../../src/import/import-report';
import { splitChapters } from '../../src/import/split-chapters';
import { appendToFragment } from '../../src/import/write-fragment';
import { book } from './generated-book';

const docx = await renderBook(book, 'docx');
const phases: [string, number][] = [];
const timed = async <T>(name: string, run: () => T | Promise<T>): Promise<T> => {
  const start = performance.now();
  const result = await run();
  phases.push([name, performance.now() - start]);
  return result;
};
const { value: html } = await timed('mammoth: DOCX to HTML', () =>
  mammoth.convertToHtml({ buffer: Buffer.from(docx) }),
);
const report = new ImportReport();
const { doc } = await timed('HTML to the schema (linkedom + ProseMirror)', () => parseHtml(html, report));
const chapters = await timed('split into chapters', () =>
  splitChapters(doc, { level: 1, untitled: 'Opening' }),
);
await timed('write the chapters into Yjs documents', () => {
  for (const chapter of chapters) {
    const ydoc = new Y.Doc();
    ydoc.transact(() => appendToFragment(chapterFragment(ydoc), chapter.doc));
    Y.encodeStateAsUpdate(ydoc);
  }
});
for (const [name, ms] of phases) process.stdout.write(`${ms.toFixed(0).padStart(6)} ms  ${name}\n`);
process.stdout.write(`${chapters.length} chapters from ${docx.byteLength} bytes of DOCX\n`);
