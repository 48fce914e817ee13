import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookSchema as s, chapterFragment } from '@wethink/shared';
import { appendToFragment } from '../../src/import/write-fragment';
import { startTestServer, type TestServer } from '../start-test-server';
import { write, writtenBook } from './export-fixture';
import { epubcheck, epubcheckMissing } from './export-tools';

/** A real 2×1 PNG. */
const PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEUlEQVR42mP8z8DwnwEIGGEMAEvzBP4DmhVPAAAAAElFTkSuQmCC',
    'base64',
  ),
);
const text = (files: Record<string, Uint8Array>, path: string) => new TextDecoder().decode(files[path]);

describe('images, tables, a cover and the Markdown zip in exports', () => {
  let server: TestServer;
  let book: Awaited<ReturnType<typeof writtenBook>>;
  let image: { id: string; src: string };
  let savedAt: string;
  const cleanups: (() => unknown)[] = [];
  const get = async (query: string) => {
    const response = await book.members.owner.request('GET', `/api/books/${book.bookId}/export?${query}`);
    expect(response.status, await response.clone().text()).toBe(200);
    return response;
  };
  const bytes = async (query: string) => new Uint8Array(await (await get(query)).arrayBuffer());

  beforeAll(async () => {
    server = await startTestServer();
    book = await writtenBook(server, cleanups);
    const uploaded = await fetch(`${server.url}/api/books/${book.bookId}/images`, {
      method: 'POST',
      headers: { cookie: book.members.owner.cookie, 'content-type': 'image/png' },
      body: Buffer.from(PNG),
    });
    image = (await uploaded.json()) as { id: string; src: string };
    const cell = (type: string, value: string) =>
      s.node(type, null, [s.node('paragraph', null, [s.text(value)])]);
    await write(
      server,
      book.members.owner,
      `${book.bookId}/ch-1`,
      (doc) =>
        appendToFragment(
          chapterFragment(doc),
          s.node('doc', null, [
            s.node('figure', { src: image.src, alt: 'A map' }, [s.text('Figure 1: the route')]),
            s.node('table', null, [
              s.node('table_row', null, [cell('table_header', 'Name'), cell('table_header', 'Year')]),
              s.node('table_row', null, [cell('table_cell', 'Linux'), cell('table_cell', '1991')]),
            ]),
          ]),
        ),
      cleanups,
    );
    const chapters = `/api/books/${book.bookId}/chapters`;
    await book.members.owner.json('POST', `${chapters}/ch-1/versions`, { name: 'With figures' });
    const last = await book.members.owner.json<{ version: { createdAt: string } }>(
      'POST',
      `${chapters}/ch-2/versions`,
      { name: 'With figures' },
    );
    savedAt = encodeURIComponent(last.version.createdAt);
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await server.stop();
  });

  it('packages the cover and the figures in an EPUB that passes epubcheck, comments appendix included', async (context) => {
    const epub = await bytes(`format=epub&cover=${image.id}&comments=appendix`);
    const files = unzipSync(epub);
    const opf = text(files, 'OEBPS/content.opf');
    expect(opf).toContain(
      '<item id="cover-image" href="images/cover.png" media-type="image/png" properties="cover-image"/>',
    );
    expect(opf).toContain(`<item id="image-1" href="images/${image.id}.png" media-type="image/png"/>`);
    expect(opf).toMatch(/<itemref idref="cover"\/>\n<itemref idref="title-page"\/>/);
    expect(opf).toContain('<item id="comments" href="comments.xhtml"');
    expect(files[`OEBPS/images/${image.id}.png`]).toEqual(PNG);
    expect(files['OEBPS/images/cover.png']).toEqual(PNG);
    expect(text(files, 'OEBPS/chapter-001.xhtml')).toContain(
      `<img src="images/${image.id}.png" alt="A map"/>`,
    );
    expect(text(files, 'OEBPS/chapter-001.xhtml')).toMatch(/<th><p>Name<\/p>\s*<\/th>/);
    expect(text(files, 'OEBPS/comments.xhtml')).toContain('Is "Olive" right here?');
    const missing = epubcheckMissing();
    if (missing) {
      process.stderr.write(`epubcheck skipped: ${missing}\n`);
      return context.skip();
    }
    const verdict = await epubcheck(epub);
    expect(verdict.output).toBe('');
    expect(verdict.isValid).toBe(true);
  }, 90_000);

  it('writes a Markdown zip: one file per chapter with front matter, images in images/, same bytes twice', async () => {
    const response = await get(`format=md&markdown=zip&asOf=${savedAt}&comments=appendix`);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toContain('filename="The-Book-of-Export.zip"');
    const zip = new Uint8Array(await response.arrayBuffer());
    const files = unzipSync(zip);
    const paths = Object.keys(files);
    expect(paths).toEqual([...paths].sort());
    expect(paths).toEqual([
      '01-beginnings.md',
      '02-endings.md',
      'book.md',
      'comments.md',
      `images/${image.id}.png`,
    ]);
    const first = text(files, '01-beginnings.md');
    expect(first.startsWith('---\ntitle: "Beginnings"\norder: 1\n---\n\n# Beginnings\n')).toBe(true);
    expect(first).toContain(`![A map](<images/${image.id}.png>) Figure 1: the route`);
    expect(first).toContain('| Name | Year |');
    expect(text(files, '02-endings.md')).toContain('[^1]: And a third note.');
    expect(files[`images/${image.id}.png`]).toEqual(PNG);
    expect(text(files, 'comments.md')).toContain('## Beginnings');
    expect(await bytes(`format=md&markdown=zip&asOf=${savedAt}&comments=appendix`)).toEqual(zip);
  });

  it('embeds the images in DOCX (ImageRun) and writes tables as Word tables, the same bytes twice', async () => {
    const docx = await bytes(`format=docx&asOf=${savedAt}&cover=${image.id}`);
    const files = unzipSync(docx);
    const media = Object.keys(files).filter((path) => path.startsWith('word/media/'));
    expect(media.length).toBeGreaterThan(0);
    for (const path of media) expect(files[path]).toEqual(PNG);
    const xml = text(files, 'word/document.xml');
    expect(xml).toContain('<w:tbl>');
    expect(xml.match(/<w:drawing>/g)?.length).toBe(2);
    expect(xml).toContain('descr="A map"');
    expect(xml).toContain('Comments: not included');
    expect(await bytes(`format=docx&asOf=${savedAt}&cover=${image.id}`)).toEqual(docx);
  });

  it('puts the cover first and the figures inline in HTML, and inlines images in one-file Markdown', async () => {
    const html = await (await get(`format=html&cover=${image.id}`)).text();
    const dataUrl = `data:image/png;base64,${Buffer.from(PNG).toString('base64')}`;
    expect(html.indexOf('<section class="cover"')).toBeLessThan(html.indexOf('<section class="title-page"'));
    expect(html).toContain(`<img src="${dataUrl}" alt="Cover of The Book of Export"/>`);
    expect(html).toContain(`<img src="${dataUrl}" alt="A map"/>`);
    const markdown = await (await get('format=md')).text();
    expect(markdown).toContain(`![A map](<${dataUrl}>) Figure 1: the route`);
  });

  it('lists the images of the book\u2019s figures for the cover, to members only', async () => {
    const list = await book.members.reader.json<{ images: unknown[] }>(
      'GET',
      `/api/books/${book.bookId}/export/images`,
    );
    expect(list.images).toEqual([{ id: image.id, alt: 'A map', chapterTitle: 'Beginnings' }]);
    const stranger = await book.stranger.request('GET', `/api/books/${book.bookId}/export/images`);
    expect(stranger.status).toBe(404);
  });
});
