import { randomBytes } from 'node:crypto';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { bookSchema as s } from '@wethink/shared';
import type { ExportBook } from '../../src/export/export-book';
import type { ExportImage } from '../../src/export/export-image';
import { exportBody, type ExportFormat, type RenderOptions } from '../../src/export/export-formats';

/** A PNG header (signature and IHDR of a 64×32 image) before random bytes: sized by image-size, incompressible. */
function bigPng(bytes: number): Uint8Array {
  const header = Buffer.from('89504e470d0a1a0a0000000d4948445200000040000000200806000000', 'hex');
  return Uint8Array.from(Buffer.concat([header, randomBytes(bytes - header.length)]));
}

const IMAGE_BYTES = 1024 * 1024;
const srcOf = (i: number) => `/api/books/bk/images/${String(i).repeat(64)}`;

/**
 * A book of three chapters with one big figure each, whose images note, when read, how many bytes
 * the consumer had been given by then.
 */
function bookWithImages(consumed: () => number) {
  const readsAt: { src: string; consumed: number }[] = [];
  const images = new Map<string, ExportImage>();
  const bytes = new Map<string, Uint8Array>();
  for (const i of [1, 2, 3]) {
    bytes.set(srcOf(i), bigPng(IMAGE_BYTES));
    images.set(srcOf(i), {
      contentType: 'image/png',
      read: () => {
        readsAt.push({ src: srcOf(i), consumed: consumed() });
        return Promise.resolve(bytes.get(srcOf(i))!);
      },
    });
  }
  const book: ExportBook = {
    id: 'bk',
    title: 'Heavy',
    language: 'en',
    identifier: 'urn:uuid:00000000-0000-5000-a000-000000000009',
    modifiedAt: new Date('2026-12-01T00:00:00Z'),
    chapters: [1, 2, 3].map((i) => ({
      id: `c${i}`,
      title: `Chapter ${i}`,
      part: null,
      doc: s.node('doc', null, [
        s.node('paragraph', null, [s.text(`Words of chapter ${i}.`)]),
        s.node('figure', { src: srcOf(i), alt: `Figure ${i}` }, [s.text(`Caption ${i}`)]),
      ]),
    })),
    contributors: { authors: [], commenters: [] },
    images,
    verso: ['Comments: not included'],
    comments: null,
    cover: null,
  };
  return { book, readsAt, bytes };
}

const cases: [string, ExportFormat, RenderOptions][] = [
  ['EPUB', 'epub', {}],
  ['DOCX', 'docx', {}],
  ['HTML', 'html', {}],
  ['one-file Markdown', 'md', {}],
  ['Markdown zip', 'md', { markdownLayout: 'zip' }],
];

describe('export bodies', () => {
  it.each(cases)(
    '%s reads each image only once the one before it has been passed on',
    async (_name, format, options) => {
      let consumed = 0;
      const { book, readsAt, bytes } = bookWithImages(() => consumed);
      const body = await exportBody(book, format, options);
      const chunks: Uint8Array[] = [];
      for await (const chunk of body) {
        consumed += chunk.byteLength;
        chunks.push(chunk);
      }
      // DOCX measures each image first (one at a time, keeping only its size), then writes them.
      const writes = readsAt.slice(-3);
      expect(writes.map((read) => read.src)).toEqual([srcOf(1), srcOf(2), srcOf(3)]);
      // The images are incompressible: between two reads, at least the first one's size went out.
      for (let i = 1; i < writes.length; i += 1) {
        expect(writes[i]!.consumed - writes[i - 1]!.consumed).toBeGreaterThanOrEqual(IMAGE_BYTES);
      }
      const file = Buffer.concat(chunks);
      if (format === 'html' || (format === 'md' && !options.markdownLayout)) {
        expect(file.toString('utf8')).toContain(Buffer.from(bytes.get(srcOf(2))!).toString('base64'));
      } else {
        const stored = Object.values(unzipSync(file)).filter((data) => data.byteLength === IMAGE_BYTES);
        expect(stored).toHaveLength(3);
      }
    },
    30_000,
  );

  it('makes no byte before it is read, and refuses a bad cover before the first byte', async () => {
    let consumed = 0;
    const { book, readsAt } = bookWithImages(() => consumed);
    const body = await exportBody(book, 'epub');
    expect(readsAt).toEqual([]);
    const webpCover = {
      ...book,
      cover: { contentType: 'image/webp', read: () => Promise.resolve(new Uint8Array()) },
    };
    await expect(exportBody(webpCover, 'epub')).rejects.toThrow('an EPUB cover must be PNG, JPEG or GIF');
    for await (const chunk of body) consumed += chunk.byteLength;
    expect(readsAt).toHaveLength(3);
  });

  it('ends the body with the error when an image cannot be read, after what came before it', async () => {
    const { book } = bookWithImages(() => 0);
    const images = new Map(book.images);
    images.set(srcOf(2), { contentType: 'image/png', read: () => Promise.reject(new Error('disk gone')) });
    const body = await exportBody({ ...book, images }, 'epub');
    let received = 0;
    await expect(
      (async () => {
        for await (const chunk of body) received += chunk.byteLength;
      })(),
    ).rejects.toThrow('disk gone');
    expect(received).toBeGreaterThan(IMAGE_BYTES);
  });
});
