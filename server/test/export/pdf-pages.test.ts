import { beforeAll, describe, expect, it } from 'vitest';
import { bookSchema as s } from '@wethink/shared';
import type { ExportBook } from '../../src/export/export-book';
import { renderBook } from '../../src/export/export-formats';
import { pdfToolsMissing, poppler } from './export-tools';

const missing = pdfToolsMissing();
if (missing) process.stderr.write(`PDF page tests skipped: ${missing}\n`);

const WORDS = 'the draft went online chapter by chapter and readers changed it'.split(' ');

/** `words` words of prose in paragraphs of 60, each word numbered so no two lines are alike. */
function prose(words: number) {
  const paragraphs = [];
  for (let start = 0; start < words; start += 60) {
    const text = Array.from(
      { length: Math.min(60, words - start) },
      (_, i) => `${WORDS[(start + i) % WORDS.length]}${start + i}`,
    );
    paragraphs.push(s.node('paragraph', null, [s.text(text.join(' '))]));
  }
  return s.node('doc', null, paragraphs);
}

// Chapters of different lengths, so that some end on a right-hand page and the next needs a blank;
// a title with what a CSS string must escape, since it becomes the running head.
const TITLES = ['Short one', 'Quotes "said" \\ back <angle> & é', 'Three', 'Four', 'Five'];
const LENGTHS = [150, 900, 1400, 400, 2100];

const book: ExportBook = {
  id: 'bk',
  title: 'Paged',
  language: 'en',
  identifier: 'urn:uuid:00000000-0000-5000-a000-000000000004',
  modifiedAt: new Date('2026-12-01T00:00:00Z'),
  chapters: TITLES.map((title, index) => ({
    id: `c${index}`,
    title,
    part: null,
    doc: prose(LENGTHS[index]!),
  })),
  contributors: { authors: [], commenters: [] },
  verso: ['Text: as it stood at 2026-12-01T00:00:00Z'],
  comments: null,
  cover: null,
};

describe.skipIf(missing !== null)('PDF pages', () => {
  /** Each page's text, in order (pdftotext ends each page with a form feed). */
  let pages: string[];
  let pdf: Uint8Array;

  beforeAll(async () => {
    pdf = await renderBook(book, 'pdf');
    pages = (await poppler('pdftotext', pdf)).split('\f').slice(0, -1);
  }, 90_000);

  it('is the same bytes when made again, dated the time the export stands for', async () => {
    // A second apart at least, so a print-time stamp would differ.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const again = await renderBook(book, 'pdf');
    expect(Buffer.compare(Buffer.from(again), Buffer.from(pdf))).toBe(0);
    expect(await poppler('pdfinfo', pdf, ['-isodates'])).toMatch(/CreationDate:\s+2026-12-01T00:00:00/);
  }, 90_000);

  const startOf = (title: string) =>
    pages.findIndex((text, index) => index > 2 && text.includes(`${title}\n`)) + 1;

  it('opens every chapter on a right-hand page, blank pages before those that need it, and says so in the contents', () => {
    const contents = pages.find((text) => text.includes('Contents'))!;
    const starts = TITLES.map(startOf);
    for (const [index, title] of TITLES.entries()) {
      expect({ title, start: starts[index]! % 2 }).toEqual({ title, start: 1 });
      expect(contents).toContain(`${title} ${starts[index]}`);
    }
    const blanks = pages.flatMap((text, index) => (text.trim() === '' ? [index + 1] : []));
    expect(blanks.length).toBeGreaterThan(0);
    // A blank page sits just before a chapter, and has no page number either.
    for (const blank of blanks) expect([...starts, startOf('Contributors')]).toContain(blank + 1);
  });

  it('heads each page of a chapter with its title, escaped as written, and numbers it', () => {
    for (const [index, title] of TITLES.entries()) {
      const first = startOf(title);
      const next = index + 1 < TITLES.length ? startOf(TITLES[index + 1]!) : startOf('Contributors');
      for (let page = first; page < next; page++) {
        const text = pages[page - 1]!;
        if (text.trim() === '') continue;
        expect(text.startsWith(`${title}\n`), `page ${page} is headed “${text.slice(0, 40)}”`).toBe(true);
        expect(text.trimEnd().endsWith(`\n${page}`), `page ${page} ends “${text.slice(-20)}”`).toBe(true);
      }
    }
  });
});
