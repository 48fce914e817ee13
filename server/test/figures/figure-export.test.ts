import { describe, expect, it } from 'vitest';
import { bookSchema as s } from '@wethink/shared';
import { chapterXhtml } from '../../src/export/chapter-xhtml';
import { chapterMarkdown } from '../../src/export/markdown-document';
import { renderBook } from '../../src/export/export-formats';
import type { ExportBook } from '../../src/export/export-book';

const SRC = `/api/books/bk/images/${'a'.repeat(64)}`;
const doc = s.node('doc', null, [
  s.node('paragraph', null, [s.text('Before.')]),
  s.node('figure', { src: SRC, alt: 'A map' }, [s.text('Figure 1: the route')]),
  s.node('table', null, [
    s.node('table_row', null, [
      s.node('table_header', null, [s.node('paragraph', null, [s.text('Name')])]),
      s.node('table_header', null, [s.node('paragraph', null, [s.text('Year')])]),
    ]),
    s.node('table_row', null, [
      s.node('table_cell', null, [s.node('paragraph', null, [s.text('Linux')])]),
      s.node('table_cell', null, [s.node('paragraph', null, [s.text('1991')])]),
    ]),
  ]),
]);

describe('figures and tables in exports', () => {
  it('are written to XHTML and Markdown with their captions and cells', () => {
    const xhtml = chapterXhtml(doc, { firstNote: 1, isEpub: false }).body;
    expect(xhtml).toContain('<figcaption>Figure 1: the route</figcaption>');
    expect(xhtml).toMatch(/<th><p>Name<\/p>\s*<\/th>/);
    expect(xhtml).toMatch(/<td><p>1991<\/p>\s*<\/td>/);
    const markdown = chapterMarkdown({ title: 'T', doc }, 1);
    expect(JSON.stringify(markdown)).toContain('| Name | Year |');
    expect(JSON.stringify(markdown)).toContain('Figure 1: the route');
  });

  it('do not break any export format', async () => {
    const book: ExportBook = {
      id: 'bk',
      title: 'Figures',
      language: 'en',
      identifier: 'urn:uuid:00000000-0000-5000-a000-000000000001',
      modifiedAt: new Date('2026-12-01T00:00:00Z'),
      chapters: [{ id: 'c1', title: 'One', part: null, doc }],
      verso: [],
      comments: null,
      cover: null,
      contributors: { authors: [], commenters: [] },
    };
    for (const format of ['md', 'html', 'epub', 'docx'] as const) {
      expect((await renderBook(book, format)).byteLength, format).toBeGreaterThan(100);
    }
  });
});
