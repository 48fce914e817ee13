import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MAX_IMAGE_BYTES, chapterFragment, createBook, type UploadedImage } from '@wethink/shared';
import { connectProvider, untilSynced, waitFor } from '../clients';
import { tokensOf } from '../history/history-fixture';
import { MemoryBlobStore, type BlobStore } from '../../src/storage/blob-store';
import { PostgresBlobStore } from '../../src/storage/postgres-blob-store';
import { SqliteBlobStore } from '../../src/storage/sqlite-blob-store';
import { SqliteDocumentStore } from '../../src/storage/sqlite-store';
import { bookWithMembers, type ApiUser } from '../protocol/api-user';
import { makeTempDir, startTestServer, type TestServer } from '../start-test-server';
import { usePostgresDatabase } from '../support/postgres-database';

/** A real 1×1 PNG. */
const PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  ),
);
const SVG = new TextEncoder().encode(
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
);

function blobStoreContract(
  name: string,
  open: () => Promise<{ store: BlobStore; reopen?: () => BlobStore }>,
) {
  it(`${name}: stores by (book, id), keeps the first copy, keeps books apart, survives a reopen`, async () => {
    const { store, reopen } = await open();
    await store.putBlob({
      bookId: 'b1',
      id: 'a'.repeat(64),
      contentType: 'image/png',
      bytes: PNG,
      createdAt: 1,
    });
    await store.putBlob({
      bookId: 'b1',
      id: 'a'.repeat(64),
      contentType: 'image/gif',
      bytes: Uint8Array.of(1),
      createdAt: 2,
    });
    expect(await store.getBlob('b1', 'a'.repeat(64))).toEqual({ contentType: 'image/png', bytes: PNG });
    expect(await store.getBlob('b2', 'a'.repeat(64))).toBeNull();
    expect(await store.getBlob('b1', 'b'.repeat(64))).toBeNull();
    if (reopen) {
      await store.close();
      const again = reopen();
      expect((await again.getBlob('b1', 'a'.repeat(64)))?.bytes).toEqual(PNG);
      await again.close();
    } else {
      await store.close();
    }
  });
}

describe('BlobStore implementations', () => {
  const db = usePostgresDatabase();
  blobStoreContract('MemoryBlobStore', async () => ({ store: new MemoryBlobStore() }));
  blobStoreContract('SqliteBlobStore', async () => {
    const filePath = path.join(makeTempDir(), 'wethink.sqlite');
    await SqliteDocumentStore.open(filePath).close();
    return { store: SqliteBlobStore.open(filePath), reopen: () => SqliteBlobStore.open(filePath) };
  });
  blobStoreContract('PostgresBlobStore', async () => ({
    store: new PostgresBlobStore(db()),
    reopen: () => new PostgresBlobStore(db()),
  }));
});

describe('images over HTTP', () => {
  let server: TestServer;
  let team: Awaited<ReturnType<typeof bookWithMembers>>;
  const servers: TestServer[] = [];
  const upload = (user: ApiUser, bytes: Uint8Array, type = 'image/png') =>
    fetch(`${server.url}/api/books/${team.bookId}/images`, {
      method: 'POST',
      headers: { cookie: user.cookie, 'content-type': type },
      body: Buffer.from(bytes),
    });

  beforeAll(async () => {
    server = await startTestServer();
    servers.push(server);
    team = await bookWithMembers(server.url);
  });
  afterAll(async () => {
    for (const each of servers) await each.stop();
  });

  it('takes an author’s PNG, checked by its bytes, and serves it to members only with its type', async () => {
    const { author, reader } = team.members;
    const response = await upload(author, PNG, 'application/octet-stream');
    expect(response.status).toBe(201);
    const image = (await response.json()) as UploadedImage;
    expect(image).toMatchObject({
      contentType: 'image/png',
      bytes: PNG.byteLength,
      src: `/api/books/${team.bookId}/images/${image.id}`,
    });
    const read = await reader.request('GET', image.src);
    expect(read.status).toBe(200);
    expect(read.headers.get('content-type')).toBe('image/png');
    expect(read.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await read.arrayBuffer())).toEqual(PNG);
    expect((await team.stranger.request('GET', image.src)).status).toBe(404);
    expect((await fetch(`${server.url}${image.src}`)).status).toBe(401);
    expect((await reader.request('GET', `/api/books/${team.bookId}/images/${'0'.repeat(64)}`)).status).toBe(
      404,
    );
    expect((await reader.request('GET', `/api/books/${team.bookId}/images/..%2F..%2Fetc`)).status).toBe(404);
  });

  it('refuses readers, non-members, fake PNGs, SVG with script, empty and oversized files, clearly', async () => {
    const { author, reader, reviewer } = team.members;
    expect((await upload(reader, PNG)).status).toBe(403);
    expect((await upload(reviewer, PNG)).status).toBe(403);
    expect((await upload(team.stranger, PNG)).status).toBe(404);
    const fake = await upload(author, new TextEncoder().encode('definitely not a png'), 'image/png');
    expect(fake.status).toBe(400);
    expect(await fake.text()).toMatch(/not PNG, JPEG, GIF or WebP/);
    const svg = await upload(author, SVG, 'image/svg+xml');
    expect(svg.status).toBe(400);
    expect(await svg.text()).toMatch(/SVG images are not accepted/);
    expect((await upload(author, new Uint8Array(0))).status).toBe(400);
    const big = new Uint8Array(MAX_IMAGE_BYTES + 1);
    big.set(PNG);
    expect((await upload(author, big)).status).toBe(413);
  });

  it('answers a 100 MB upload with 413 from its length alone, before reading it', async () => {
    const url = new URL(`${server.url}/api/books/${team.bookId}/images`);
    const status = await new Promise<number>((resolve, reject) => {
      const request = http.request(
        url,
        {
          method: 'POST',
          headers: {
            cookie: team.members.author.cookie,
            'content-type': 'image/png',
            'content-length': String(100 * 1024 * 1024),
          },
        },
        (response) => {
          resolve(response.statusCode ?? 0);
          response.resume();
          request.destroy();
        },
      );
      request.on('error', reject);
      request.write(Buffer.from(PNG));
    });
    expect(status).toBe(413);
  });

  it('keeps an image across a restart', async () => {
    const first = await startTestServer();
    servers.push(first);
    const crew = await bookWithMembers(first.url);
    const response = await fetch(`${first.url}/api/books/${crew.bookId}/images`, {
      method: 'POST',
      headers: { cookie: crew.members.author.cookie, 'content-type': 'image/png' },
      body: Buffer.from(PNG),
    });
    const image = (await response.json()) as UploadedImage;
    await first.stop();
    // Same data dir: the same SQLite file, or (on PostgreSQL) the same database.
    const second = await startTestServer({ DATA_DIR: first.config.dataDir });
    servers.push(second);
    const read = await crew.members.reader.at(second.url).request('GET', image.src);
    expect(read.status).toBe(200);
    expect(new Uint8Array(await read.arrayBuffer())).toEqual(PNG);
  });
});

describe('figures in an export', () => {
  it('embeds the image of a figure in the HTML export, and keeps its caption', async () => {
    const server = await startTestServer();
    try {
      const crew = await bookWithMembers(server.url);
      const { author, reader } = crew.members;
      const response = await fetch(`${server.url}/api/books/${crew.bookId}/images`, {
        method: 'POST',
        headers: { cookie: author.cookie, 'content-type': 'image/png' },
        body: Buffer.from(PNG),
      });
      const image = (await response.json()) as UploadedImage;
      const index = connectProvider(tokensOf(server, author, crew.bookId), crew.bookId);
      const chapter = connectProvider(tokensOf(server, author, crew.bookId), `${crew.bookId}/c1`);
      try {
        await untilSynced(index);
        await untilSynced(chapter);
        createBook(index.doc, { title: 'With a map', nowMs: 1, firstChapter: { id: 'c1', title: 'One' } });
        const figure = new Y.XmlElement('figure');
        figure.setAttribute('src', image.src);
        figure.setAttribute('alt', 'A map');
        figure.insert(0, [new Y.XmlText('Figure 1: the route')]);
        chapterFragment(chapter.doc).push([figure]);
        await waitFor(() => {
          const room = server.registry.peek(`${crew.bookId}/c1` as never);
          return room !== undefined && chapterFragment(room.doc).length === 1;
        }, 'the figure on the server');
        const exported = await reader.request('GET', `/api/books/${crew.bookId}/export?format=html`);
        expect(exported.status).toBe(200);
        const html = await exported.text();
        expect(html).toContain(
          `<img src="data:image/png;base64,${Buffer.from(PNG).toString('base64')}" alt="A map"/>`,
        );
        expect(html).toContain('<figcaption>Figure 1: the route</figcaption>');
      } finally {
        index.destroy();
        chapter.destroy();
      }
    } finally {
      await server.stop();
    }
  });
});
