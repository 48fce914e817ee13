// Peak RSS of a built wethink server (SQLite) while it exports an image-heavy book through HTTP:
// 20 chapters, each with 3 figures of a distinct 2.5 MiB image (150 MiB of images in all, random
// bytes behind a PNG header: incompressible, as photographs are), the 100,000 words of the
// generated book around them. Each format is exported once (the response read and dropped) while
// the server's VmRSS is polled every 10 ms. The PDF's Chromium child is not counted.
// Run from server/: node --import tsx test/measure/export-image-memory.ts
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { bookImageSrc, bookSchema as s, chapterFragment, type DocName } from '@wethink/shared';
import { appendChapters } from '../../src/export/book-outline';
import { appendToFragment } from '../../src/import/write-fragment';
import { startServer } from '../../src/server';
import { silentLogger } from '../../src/logger';
import { makeTempDir, reopenDocuments, testConfig } from '../start-test-server';
import { book as generated } from './generated-book';

const CHAPTERS = 20;
const IMAGES_PER_CHAPTER = 3;
const IMAGE_BYTES = 2.5 * 1024 * 1024;
const FORMATS = ['epub', 'docx', 'md', 'md&markdown=zip', 'html', 'pdf'];
const serverDir = path.resolve(import.meta.dirname, '../..');

const rssKiB = (pid: number): number =>
  Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
const mib = (kib: number) => (kib / 1024).toFixed(0);

function pngLike(bytes: number): Uint8Array {
  const header = Buffer.from('89504e470d0a1a0a0000000d49484452000003200000025808060000', 'hex');
  return Uint8Array.from(Buffer.concat([header, randomBytes(bytes - header.length)]));
}

/** Seeds the book through a server in this process (accounts, images), then writes its chapters. */
async function seed(dataDir: string): Promise<{ cookie: string; bookId: string }> {
  const config = testConfig({ DATA_DIR: dataDir, STORAGE: 'sqlite' });
  const server = await startServer(config, { logger: silentLogger });
  const unique = randomUUID().slice(0, 8);
  const signUp = await fetch(`${server.url}/api/auth/sign-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Measure', email: `m-${unique}@example.com`, password: `pass-${unique}` }),
  });
  const cookie = signUp.headers.getSetCookie()[0]!.split(';', 1)[0]!;
  const created = await fetch(`${server.url}/api/books`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Pictures' }),
  });
  const bookId = ((await created.json()) as { book: { id: string } }).book.id;
  const srcs: string[] = [];
  for (let i = 0; i < CHAPTERS * IMAGES_PER_CHAPTER; i += 1) {
    const uploaded = await fetch(`${server.url}/api/books/${bookId}/images`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'image/png' },
      body: Buffer.from(pngLike(IMAGE_BYTES)),
    });
    if (uploaded.status !== 201) throw new Error(`upload: ${uploaded.status} ${await uploaded.text()}`);
    srcs.push(bookImageSrc(bookId, ((await uploaded.json()) as { id: string }).id));
  }
  await server.stop();
  const { store, close } = await reopenDocuments(config);
  const write = async (name: string, change: (doc: Y.Doc) => void) => {
    const stored = await store.load(name as DocName);
    const doc = new Y.Doc();
    for (const update of [...(stored.state ? [stored.state] : []), ...stored.updates])
      Y.applyUpdate(doc, update);
    const before = Y.encodeStateVector(doc);
    change(doc);
    await store.appendUpdates(name as DocName, [Y.encodeStateAsUpdate(doc, before)]);
  };
  const chapters = Array.from({ length: CHAPTERS }, (_, i) => ({
    id: `ch-${i + 1}`,
    title: `Chapter ${i + 1}`,
  }));
  await write(bookId, (doc) => appendChapters(doc, { title: 'Pictures', nowMs: Date.now(), chapters }));
  for (const [c, chapter] of chapters.entries()) {
    const text = generated.chapters[c]!.doc;
    const figures = srcs
      .slice(c * IMAGES_PER_CHAPTER, (c + 1) * IMAGES_PER_CHAPTER)
      .map((src, i) =>
        s.node('figure', { src, alt: `Picture ${i + 1}` }, [s.text(`Figure ${c + 1}.${i + 1}`)]),
      );
    const content = s.node('doc', null, [...figures, ...text.content.content]);
    await write(`${bookId}/${chapter.id}`, (doc) => appendToFragment(chapterFragment(doc), content));
  }
  await close();
  return { cookie, bookId };
}

/** The built server (what `pnpm start` runs) on `dataDir`; resolves when it answers /healthz. */
async function startBuilt(dataDir: string): Promise<{ pid: number; url: string; stop: () => void }> {
  execFileSync(process.execPath, ['build.mjs'], { cwd: serverDir, stdio: 'ignore' });
  const child = spawn(process.execPath, ['--max-semi-space-size=2', 'dist/main.js'], {
    cwd: serverDir,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      STORAGE: 'sqlite',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"port":(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { pid: child.pid!, url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

const dataDir = makeTempDir();
try {
  const { cookie, bookId } = await seed(dataDir);
  const server = await startBuilt(dataDir);
  try {
    process.stdout.write(`idle rss ${mib(rssKiB(server.pid))} MiB\n`);
    for (const format of FORMATS) {
      let peak = rssKiB(server.pid);
      const poll = setInterval(() => (peak = Math.max(peak, rssKiB(server.pid))), 10);
      const start = performance.now();
      const response = await fetch(`${server.url}/api/books/${bookId}/export?format=${format}`, {
        headers: { cookie },
      });
      let bytes = 0;
      for await (const chunk of response.body!) bytes += (chunk as Uint8Array).byteLength;
      const ms = performance.now() - start;
      clearInterval(poll);
      peak = Math.max(peak, rssKiB(server.pid));
      process.stdout.write(
        `${format}\tHTTP ${response.status}\t${ms.toFixed(0)} ms\t${bytes} bytes\tpeak rss ${mib(peak)} MiB\n`,
      );
    }
  } finally {
    server.stop();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
