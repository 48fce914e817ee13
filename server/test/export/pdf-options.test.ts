import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../start-test-server';
import { bookSchema as s } from '@wethink/shared';
import type { ExportBook } from '../../src/export/export-book';
import { imageInMemory } from '../../src/export/export-image';
import { renderBook } from '../../src/export/export-formats';
import { pdfToolsMissing, poppler } from './export-tools';

const missing = pdfToolsMissing();
if (missing) process.stderr.write(`PDF option tests skipped: ${missing}\n`);

/** A real 2×1 PNG. */
const PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEUlEQVR42mP8z8DwnwEIGGEMAEvzBP4DmhVPAAAAAElFTkSuQmCC',
    'base64',
  ),
);
const SRC = `/api/books/bk/images/${'c'.repeat(64)}`;

const book: ExportBook = {
  id: 'bk',
  title: 'Covered',
  language: 'en',
  identifier: 'urn:uuid:00000000-0000-5000-a000-000000000003',
  modifiedAt: new Date('2026-12-01T00:00:00Z'),
  chapters: [
    {
      id: 'c1',
      title: 'The only chapter',
      part: null,
      doc: s.node('doc', null, [
        s.node('paragraph', null, [s.text('Words before the figure.')]),
        s.node('figure', { src: SRC, alt: 'A dot' }, [s.text('Figure 1: a dot')]),
      ]),
    },
  ],
  contributors: { authors: [], commenters: [] },
  images: new Map([[SRC, imageInMemory('image/png', PNG)]]),
  verso: ['Text: as it stood at 2026-12-01T00:00:00Z', 'Comments: included as an appendix'],
  comments: [
    {
      chapterTitle: 'The only chapter',
      threads: [
        {
          quote: 'Words before',
          isResolved: true,
          resolvedBy: 'Olive',
          comments: [
            { author: 'Rita', body: 'Which words?', isDeleted: false },
            { author: 'Olive', body: 'These ones.', isDeleted: false },
          ],
        },
      ],
    },
  ],
  cover: imageInMemory('image/png', PNG),
};

describe.skipIf(missing !== null)('PDF export options', () => {
  it('has the cover alone on page 1, the verso, the figure, and the comments appendix at the end', async () => {
    // Its own temporary folder, to see that the PDF's working files are gone once it is made.
    const tmp = makeTempDir();
    const before = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    const pdf = await renderBook(book, 'pdf').finally(() => {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    });
    expect(fs.readdirSync(tmp)).toEqual([]);
    const images = (await poppler('pdfimages', pdf, ['-list'])).trim().split('\n').slice(2);
    const pagesWithImages = images.map((line) => Number(line.trim().split(/\s+/)[0]));
    expect(pagesWithImages[0]).toBe(1);
    expect(pagesWithImages.length).toBe(2);
    const page = (n: number) => poppler('pdftotext', pdf, ['-f', String(n), '-l', String(n)]);
    expect((await page(1)).trim()).toBe('');
    expect(await page(2)).toContain('Covered');
    expect(await page(3)).toContain('Comments: included as an appendix');
    const text = await poppler('pdftotext', pdf);
    expect(text).toContain('Figure 1: a dot');
    const appendix = text.slice(text.lastIndexOf('Appendix: comments'));
    expect(appendix).toContain('Words before');
    expect(appendix).toContain('Rita: Which words?');
    expect(appendix).toContain('Olive: These ones.');
    expect(appendix).toContain('Resolved by Olive');
  }, 90_000);
});
