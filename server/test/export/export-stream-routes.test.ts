import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookImageSrc, bookSchema as s, chapterFragment } from '@wethink/shared';
import { exportBookToFile } from '../../src/export/export-command';
import { ImageService } from '../../src/figures/image-service';
import type { HistoryService } from '../../src/history/history-service';
import { registerExportRoutes } from '../../src/http/export-routes';
import { appendToFragment } from '../../src/import/write-fragment';
import { createCapturingLogger } from '../../src/logger';
import { MemoryBlobStore, type StoredBlob } from '../../src/storage/blob-store';
import { makeTempDir, startTestServer, type TestServer } from '../start-test-server';
import { write, writtenBook } from './export-fixture';

/** A real 2×1 PNG. */
const PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAYAAAD0In+KAAAAEUlEQVR42mP8z8DwnwEIGGEMAEvzBP4DmhVPAAAAAElFTkSuQmCC',
    'base64',
  ),
);
const IMAGE_ID = 'a'.repeat(64);

/** Blobs whose reads a test holds back or fails: `onRead(n)` runs before the n-th read (from 1). */
class ControlledBlobStore extends MemoryBlobStore {
  reads = 0;
  onRead: (read: number) => Promise<void> = () => Promise.resolve();

  override async getBlob(bookId: string, id: string): Promise<StoredBlob | null> {
    this.reads += 1;
    await this.onRead(this.reads);
    return super.getBlob(bookId, id);
  }
}

/** A promise and the function that settles it, for holding a read until the test lets it go. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

// The export routes on the test server's own accounts and documents, with a blob store the test
// controls: whether a read fails before or after the first byte is then the test's choice.
describe('export streaming over HTTP', () => {
  let server: TestServer;
  let app: FastifyInstance;
  let appUrl: string;
  let book: Awaited<ReturnType<typeof writtenBook>>;
  const blobs = new ControlledBlobStore();
  const logger = createCapturingLogger();
  const cleanups: (() => unknown)[] = [];

  const exportResponse = (query: string) =>
    fetch(`${appUrl}/api/books/${book.bookId}/export?${query}`, {
      headers: { cookie: book.members.owner.cookie },
    });

  beforeAll(async () => {
    server = await startTestServer();
    book = await writtenBook(server, cleanups);
    await blobs.putBlob({
      bookId: book.bookId,
      id: IMAGE_ID,
      contentType: 'image/png',
      bytes: PNG,
    });
    const figure = s.node('figure', { src: bookImageSrc(book.bookId, IMAGE_ID), alt: 'A dot' }, [
      s.text('Figure 1'),
    ]);
    await write(
      server,
      book.members.owner,
      `${book.bookId}/ch-1`,
      (doc) => appendToFragment(chapterFragment(doc), s.node('doc', null, [figure])),
      cleanups,
    );
    app = Fastify({ logger: false });
    await app.register(fastifyCookie);
    registerExportRoutes(app, {
      accounts: server.accounts,
      history: { documents: { store: server.store, rooms: server.registry } } as unknown as HistoryService,
      logger,
      images: new ImageService({
        blobs,
        roleOf: async (userId, bookId) => (await server.accounts.getBook(userId, bookId)).role,
        now: Date.now,
      }),
    });
    appUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app.close();
    for (const cleanup of cleanups.reverse()) await cleanup();
    await server.stop();
  });

  it('sends the first bytes while the figure\u2019s image is still being read, then the whole file', async () => {
    blobs.reads = 0;
    const held = gate();
    let isWaiting = false;
    // Read 1 is the image's type, at load; read 2 its bytes, when the EPUB reaches its entry.
    blobs.onRead = async (read) => {
      if (read !== 2) return;
      isWaiting = true;
      await held.opened;
    };
    let first: Uint8Array | null = null;
    const response = exportResponse('format=epub');
    const reader = response.then((answer) => answer.body!.getReader());
    void reader.then(async (body) => (first = (await body.read()).value ?? null));
    try {
      // A server that made the whole file before sending would never get here with read 2 held.
      await expect
        .poll(() => ({ first: first !== null, isWaiting }), { timeout: 10_000 })
        .toEqual({
          first: true,
          isWaiting: true,
        });
    } finally {
      held.open();
    }
    expect((await response).status).toBe(200);
    expect((await response).headers.get('content-length')).toBeNull();
    // A zip's first local header: the signature, then (at 30) the first entry's name.
    expect(Buffer.from(first!.subarray(0, 4)).toString('latin1')).toBe('PK\u0003\u0004');
    expect(Buffer.from(first!.subarray(30, 38)).toString('latin1')).toBe('mimetype');
    const chunks = [first!];
    const body = await reader;
    for (let next = await body.read(); !next.done; next = await body.read()) chunks.push(next.value);
    const files = unzipSync(Buffer.concat(chunks));
    expect(files[`OEBPS/images/${IMAGE_ID}.png`]).toEqual(PNG);
    expect(new TextDecoder().decode(files['OEBPS/chapter-001.xhtml'])).toContain('alt="A dot"');
  });

  it('breaks the download and logs the error when a read fails after the first byte', async () => {
    blobs.reads = 0;
    blobs.onRead = (read) => (read === 2 ? Promise.reject(new Error('disk gone')) : Promise.resolve());
    const response = await exportResponse('format=epub');
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow();
    const failed = logger.records.filter((record) => record.msg === 'export failed while streaming');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.level).toBe('error');
    expect(failed[0]!.fields).toMatchObject({ bookId: book.bookId, format: 'epub' });
  });

  it('answers with an HTTP error, not a started file, when a read fails before the first byte', async () => {
    blobs.reads = 0;
    blobs.onRead = (read) => (read === 1 ? Promise.reject(new Error('disk gone')) : Promise.resolve());
    const response = await exportResponse('format=html');
    expect(response.status).toBe(500);
    expect(response.headers.get('content-disposition')).toBeNull();
    await response.text();
  });

  it('leaves neither the file nor a partial one when the CLI\u2019s export fails midway', async () => {
    const dir = makeTempDir();
    const out = path.join(dir, 'book.epub');
    blobs.reads = 0;
    blobs.onRead = (read) => (read === 2 ? Promise.reject(new Error('disk gone')) : Promise.resolve());
    await expect(
      exportBookToFile({
        store: server.store,
        accounts: server.accountStore,
        blobs,
        bookId: book.bookId,
        format: 'epub',
        out,
        now: new Date(),
      }),
    ).rejects.toThrow('disk gone');
    expect(blobs.reads).toBe(2);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
