import { Document, HeadingLevel, ImageRun, Packer, Paragraph, TextRun } from 'docx';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiUser } from '../protocol/api-user';
import { startTestServer, type TestServer } from '../start-test-server';
import { exportAs } from './export-fixture';

/** A real 2×1 PNG. */
const PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEUlEQVR42mP8z8DwnwEIGGEMAEvzBP4DmhVPAAAAAElFTkSuQmCC',
    'base64',
  ),
);
const SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
const dataUrl = (type: string, bytes: Uint8Array | string) =>
  `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;

interface Imported {
  bookId: string;
  unsupported: Record<string, number>;
}

describe('images an import brings', () => {
  let server: TestServer;
  let olive: ApiUser;

  const importFile = async (format: string, body: Uint8Array | string): Promise<Imported> => {
    const response = await fetch(`${server.url}/api/books/import?format=${format}&title=Pictures`, {
      method: 'POST',
      headers: { cookie: olive.cookie, 'content-type': 'application/octet-stream' },
      body,
    });
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as Imported;
  };
  /** The images of a book's EPUB export, by path. */
  const epubImages = async (bookId: string) => {
    const epub = new Uint8Array(await (await exportAs(olive, bookId, 'epub')).arrayBuffer());
    const files = unzipSync(epub);
    const images = Object.keys(files).filter((path) => path.startsWith('OEBPS/images/'));
    return { files, images, chapter: new TextDecoder().decode(files['OEBPS/chapter-001.xhtml']) };
  };

  beforeAll(async () => {
    server = await startTestServer();
    olive = await ApiUser.signUp(server.url, 'Olive');
  });
  afterAll(() => server.stop());

  it('stores an HTML file\u2019s data: images in the book and places them as figures; SVG is refused and counted', async () => {
    const html =
      `<h1>Views</h1><p>Before <img src="${dataUrl('image/png', PNG)}" alt="A dot"> after.</p>` +
      `<p><img src="${dataUrl('image/svg+xml', SVG)}" alt="Vector"></p>` +
      '<p><img src="https://example.com/far.png" alt="Far"></p>';
    const imported = await importFile('html', html);
    expect(imported.unsupported).toEqual({ '<img>': 1, 'SVG image left out (it can carry script)': 1 });
    const { files, images, chapter } = await epubImages(imported.bookId);
    expect(images).toHaveLength(1);
    expect(files[images[0]!]).toEqual(PNG);
    expect(chapter).toMatch(/<p>Before +after.<\/p>/);
    expect(chapter).toContain(`<img src="${images[0]!.slice('OEBPS/'.length)}" alt="A dot"/>`);
    expect(chapter).not.toContain('alert');
  });

  it('stores a Word document\u2019s pictures in the book and places them as figures', async () => {
    const document = new Document({
      sections: [
        {
          children: [
            new Paragraph({ heading: HeadingLevel.HEADING_1, text: 'Pictured' }),
            new Paragraph({ children: [new TextRun('A picture follows.')] }),
            new Paragraph({
              children: [
                new ImageRun({
                  type: 'png',
                  data: PNG,
                  transformation: { width: 2, height: 1 },
                  altText: { name: 'Dot', description: 'A dot', title: 'Dot' },
                }),
              ],
            }),
          ],
        },
      ],
    });
    const imported = await importFile('docx', new Uint8Array(await Packer.toBuffer(document)));
    expect(imported.unsupported).toEqual({});
    const { files, images, chapter } = await epubImages(imported.bookId);
    expect(images).toHaveLength(1);
    expect(files[images[0]!]).toEqual(PNG);
    expect(chapter).toContain('<p>A picture follows.</p>');
    expect(chapter).toMatch(/<figure><img src="images\/[0-9a-f]{64}\.png" alt="[^"]*"\/>/);
  });
});
