import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../start-test-server';
import { exportAs, writtenBook } from './export-fixture';
import { pdfToolsMissing, poppler } from './export-tools';

const missing = pdfToolsMissing();
if (missing) process.stderr.write(`PDF export tests skipped: ${missing}\n`);

describe.skipIf(missing !== null)('PDF export', () => {
  let server: TestServer;
  let pdf: Uint8Array;
  const cleanups: (() => unknown)[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    const book = await writtenBook(server, cleanups);
    const response = await exportAs(book.members.owner, book.bookId, 'pdf');
    expect(response.headers.get('content-type')).toBe('application/pdf');
    pdf = new Uint8Array(await response.arrayBuffer());
  }, 60_000);
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await server.stop();
  });

  it('is a tagged 6×9 in PDF whose fonts are all embedded', async () => {
    const info = await poppler('pdfinfo', pdf);
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Page size:\s+432 x 648 pts/);
    const fonts = (await poppler('pdffonts', pdf)).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font).toMatch(/^\S*Literata\S*\s.*\byes\s+yes\s+yes\b/);
  });

  it('has a contents page whose page numbers are where each chapter starts, chapters on right-hand pages', async () => {
    const pageCount = Number(/Pages:\s+(\d+)/.exec(await poppler('pdfinfo', pdf))![1]);
    const pages: string[] = [];
    for (let page = 1; page <= pageCount; page++) {
      pages.push(await poppler('pdftotext', pdf, ['-f', String(page), '-l', String(page)]));
    }
    const contents = pages.findIndex((text) => text.includes('Contents'));
    expect(contents).toBeGreaterThanOrEqual(0);
    for (const title of ['Beginnings', 'Endings', 'Contributors']) {
      const listed = Number(new RegExp(`${title} (\\d+)`).exec(pages[contents]!)?.[1]);
      const startsOn = pages.findIndex((text, index) => index > contents && text.includes(`${title}\n`)) + 1;
      expect({ title, listed }).toEqual({ title, listed: startsOn });
      expect(startsOn % 2).toBe(1);
    }
    const all = pages.join('\n');
    expect(all).toContain('The first note, with <angle> & ampersand.');
    expect(all).toContain('Arthur writes the second chapter');
    expect(all).not.toContain('@test.invalid');
  });
});
