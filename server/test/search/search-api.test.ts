import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { addChapter, chapterFragment, createBook, trashChapter, type SearchView } from '@wethink/shared';
import { connectProvider, untilSynced, waitFor } from '../clients';
import { tokensOf } from '../history/history-fixture';
import { bookWithMembers, type ApiUser } from '../protocol/api-user';
import { startTestServer, type TestServer } from '../start-test-server';

/** mulberry32, so the generated chapters and queries are the same every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'Linux',
  'kernel',
  'café',
  'Naïve',
  'book',
  'books',
  'review',
  'x11',
  'été',
  'we',
  'talk',
  'about',
];

function writeBlocks(doc: Y.Doc, blocks: { heading: boolean; text: string }[]): void {
  doc.transact(() => {
    for (const block of blocks) {
      const element = new Y.XmlElement(block.heading ? 'heading' : 'paragraph');
      if (block.heading) element.setAttribute('level', 2 as unknown as string);
      element.insert(0, [new Y.XmlText(block.text)]);
      chapterFragment(doc).push([element]);
    }
  });
}

/** The brute force over the clients' own copies: live chapters in order, blocks in order. */
function expectedHits(chapters: { id: string; doc: Y.Doc }[], query: string): string[] {
  const fold = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase();
  const wordsIn = (text: string) => fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms = [...new Set(wordsIn(query))];
  const isPrefix = /[\p{L}\p{N}]$/u.test(query);
  const hits: string[] = [];
  for (const chapter of chapters) {
    chapterFragment(chapter.doc)
      .toArray()
      .forEach((block, index) => {
        const text = block instanceof Y.XmlElement ? (block.get(0) as Y.XmlText).toString() : '';
        const words = wordsIn(text);
        const ok = terms.every((term, i) =>
          words.some(
            (word) => word === term || (isPrefix && i === terms.length - 1 && word.startsWith(term)),
          ),
        );
        if (ok) hits.push(`${chapter.id}#${index}`);
      });
  }
  return hits;
}

describe('book search over HTTP', () => {
  let server: TestServer;
  let team: Awaited<ReturnType<typeof bookWithMembers>>;
  let bookId: string;
  const providers: WebsocketProvider[] = [];
  const chapters: { id: string; doc: Y.Doc }[] = [];

  const open = async (user: ApiUser, name: string) => {
    const provider = connectProvider(tokensOf(server, user, bookId), name);
    providers.push(provider);
    await untilSynced(provider);
    return provider;
  };
  const search = (user: ApiUser, query: string) =>
    user.request('GET', `/api/books/${bookId}/search?q=${encodeURIComponent(query)}`);
  const hitsOf = async (user: ApiUser, query: string) => {
    const response = await search(user, query);
    expect(response.status, query).toBe(200);
    return ((await response.json()) as SearchView).hits;
  };

  beforeAll(async () => {
    server = await startTestServer();
    team = await bookWithMembers(server.url);
    bookId = team.bookId;
    const { author } = team.members;
    const index = await open(author, bookId);
    createBook(index.doc, { title: 'Searchable', nowMs: 1, firstChapter: { id: 'c0', title: 'Zero' } });
    for (let i = 1; i < 4; i += 1) addChapter(index.doc, { id: `c${i}`, title: `Ch ${i}` });
    const random = prng(21);
    for (let i = 0; i < 4; i += 1) {
      const provider = await open(author, `${bookId}/c${i}`);
      const blocks = Array.from({ length: 6 + Math.floor(random() * 6) }, (_, b) => ({
        heading: b === 0,
        text: Array.from(
          { length: 3 + Math.floor(random() * 8) },
          () => WORDS[Math.floor(random() * WORDS.length)],
        ).join(' '),
      }));
      writeBlocks(provider.doc, blocks);
      chapters.push({ id: `c${i}`, doc: provider.doc });
    }
    // The trash is not part of the book's text.
    trashChapter(index.doc, 'c3', { nowMs: 2, userId: author.id });
    chapters.pop();
    await waitFor(() => server.registry.peek(`${bookId}/c3` as never) !== undefined, 'chapters loaded');
  });
  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    await server?.stop();
  });

  it('finds what a brute-force scan of the chapters finds, in reading order, for seeded queries', async () => {
    const random = prng(2121);
    const { reader } = team.members;
    // Wait for the indexer's first pass over every chapter.
    await expect
      .poll(async () => (await hitsOf(reader, 'Linux')).length, { timeout: 5000 })
      .toBe(expectedHits(chapters, 'Linux').length);
    for (let i = 0; i < 40; i += 1) {
      const count = 1 + Math.floor(random() * 2);
      const words = Array.from({ length: count }, () => WORDS[Math.floor(random() * WORDS.length)]!);
      const query = random() < 0.3 ? `${words.join(' ')}`.slice(0, -2) : `${words.join(' ')} `;
      if (!/[\p{L}\p{N}]/u.test(query)) continue;
      const hits = await hitsOf(reader, query);
      expect(
        hits.map((hit) => `${hit.chapterId}#${hit.blockIndex}`),
        query,
      ).toEqual(expectedHits(chapters, query));
      for (const hit of hits) {
        expect(hit.chapterTitle).toMatch(/Zero|Ch \d/);
        for (const [from, to] of hit.matches) expect(hit.snippet.slice(from, to)).toMatch(/^[\p{L}\p{N}]+$/u);
      }
    }
  });

  it('makes an update searchable within a second of being stored', async () => {
    const { author, reader } = team.members;
    const provider = providers.find((each) => each.roomname === `${bookId}/c1`)!;
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('where we talk about zanzibar')]);
    chapterFragment(provider.doc).push([paragraph]);
    await waitFor(() => {
      const room = server.registry.peek(`${bookId}/c1` as never);
      return room !== undefined && chapterFragment(room.doc).toString().includes('zanzibar');
    }, 'the server to store and apply it');
    const storedAt = Date.now();
    await expect
      .poll(async () => (await hitsOf(reader, 'zanzibar')).length, { interval: 50, timeout: 1000 })
      .toBe(1);
    expect(Date.now() - storedAt).toBeLessThan(1000);
    const [hit] = await hitsOf(author, 'ZANZIBAR talk');
    expect(hit).toMatchObject({
      chapterId: 'c1',
      chapterTitle: 'Ch 1',
      snippet: 'where we talk about zanzibar',
    });
  });

  it('gives non-members and signed-out visitors nothing, and refuses empty or huge queries clearly', async () => {
    const stranger = await search(team.stranger, 'Linux');
    expect(stranger.status).toBe(404);
    expect(await stranger.text()).not.toMatch(/Linux|kernel/i);
    const anonymous = await fetch(`${server.url}/api/books/${bookId}/search?q=Linux`);
    expect(anonymous.status).toBe(401);
    const { reader } = team.members;
    const huge = await search(reader, 'Linux '.repeat(1700));
    expect(huge.status).toBe(400);
    expect(await huge.text()).toMatch(/at most 500 characters/);
    expect((await search(reader, '  ')).status).toBe(400);
    expect((await search(reader, '"*:^()')).status).toBe(400);
    expect((await reader.request('GET', `/api/books/${bookId}/search`)).status).toBe(400);
    // FTS and tsquery syntax is just words here: never an error, never a crash.
    for (const query of [
      'Linux AND NOT kernel',
      'NEAR(Linux kernel)',
      'Linux*',
      "l'inux & !kernel | (",
      'kernel:*',
    ]) {
      expect((await search(reader, query)).status, query).toBe(200);
    }
  });
});
