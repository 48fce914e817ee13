import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../start-test-server';
import { exportAs, writtenBook } from './export-fixture';
import { epubcheck, epubcheckMissing, firstZipEntry } from './export-tools';

const text = (files: Record<string, Uint8Array>, name: string): string => {
  const file = files[name];
  if (!file) throw new Error(`no ${name} in the EPUB (has ${Object.keys(files).join(', ')})`);
  return new TextDecoder().decode(file);
};

describe('EPUB export', () => {
  let server: TestServer;
  let book: Awaited<ReturnType<typeof writtenBook>>;
  let epub: Uint8Array;
  const cleanups: (() => unknown)[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    book = await writtenBook(server, cleanups);
    const response = await exportAs(book.members.author, book.bookId, 'epub');
    expect(response.headers.get('content-type')).toBe('application/epub+zip');
    expect(response.headers.get('content-disposition')).toContain('filename="The-Book-of-Export.epub"');
    epub = new Uint8Array(await response.arrayBuffer());
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await server.stop();
  });

  it('starts with the mimetype entry, stored, without extra fields', () => {
    expect(firstZipEntry(epub)).toEqual({ name: 'mimetype', method: 0, extraLength: 0 });
    expect(text(unzipSync(epub), 'mimetype')).toBe('application/epub+zip');
  });

  it('has one XHTML file per chapter in the spine, a nav TOC and the book metadata', () => {
    const files = unzipSync(epub);
    const opf = text(files, 'OEBPS/content.opf');
    expect(opf).toMatch(/<dc:identifier id="book-id">urn:uuid:[0-9a-f-]{36}<\/dc:identifier>/);
    expect(opf).toContain('<dc:language>en</dc:language>');
    expect(opf).toMatch(/<meta property="dcterms:modified">\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/meta>/);
    expect(opf).toMatch(
      /<dc:creator id="creator-1">Olive<\/dc:creator>\n<meta refines="#creator-1" property="role" scheme="marc:relators">aut<\/meta>/,
    );
    expect(opf).toContain('>Author</dc:creator>');
    expect(opf).toMatch(
      /<dc:contributor id="contributor-1">Reviewer<\/dc:contributor>\n<meta [^>]*>rev<\/meta>/,
    );
    const spine = [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((match) => match[1]);
    expect(spine).toEqual(['title-page', 'verso', 'nav', 'chapter-1', 'chapter-2', 'contributors']);
    const nav = text(files, 'OEBPS/nav.xhtml');
    expect(nav).toContain('<nav epub:type="toc" id="toc">');
    expect(nav).toContain('<a href="chapter-001.xhtml">Beginnings</a>');
    expect(nav).toContain('<a href="chapter-002.xhtml">Endings</a>');
    const second = text(files, 'OEBPS/chapter-002.xhtml');
    expect(second).toContain('<h1>Endings</h1>');
    expect(second).toContain('epub:type="noteref"');
    expect(second).toContain('<aside id="fn-3" epub:type="footnote"');
    expect(new TextDecoder().decode(epub)).not.toContain('@test.invalid');
  });

  it('is byte-identical when exported again at the same time', async () => {
    const again = new Uint8Array(
      await (await exportAs(book.members.owner, book.bookId, 'epub')).arrayBuffer(),
    );
    // The export's time is its dcterms:modified (to the second): compare with that taken out.
    const withoutTime = (zip: Uint8Array) => {
      const files = unzipSync(zip);
      const opf = text(files, 'OEBPS/content.opf').replace(/dcterms:modified">[^<]*/, '');
      // The verso says which moment the text is from: the export's time too.
      const verso = text(files, 'OEBPS/verso.xhtml').replace(/\d{4}-\d\d-\d\dT[\d:]+Z/g, '');
      return {
        ...files,
        'OEBPS/content.opf': new TextEncoder().encode(opf),
        'OEBPS/verso.xhtml': new TextEncoder().encode(verso),
      };
    };
    expect(withoutTime(again)).toEqual(withoutTime(epub));
  });

  it('passes epubcheck with no errors or warnings', async (context) => {
    const missing = epubcheckMissing();
    if (missing) {
      process.stderr.write(`epubcheck skipped: ${missing}\n`);
      context.skip();
    }
    const verdict = await epubcheck(epub);
    expect(verdict.output).toBe('');
    expect(verdict.isValid).toBe(true);
  }, 60_000);
});
