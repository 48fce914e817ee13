import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chapterFragment, type DocName } from '@wethink/shared';
import { startTestServer, type TestServer } from '../start-test-server';
import { exportAs, write, writtenBook } from './export-fixture';

/**
 * An export taken while an author types reads one consistent state of each chapter: the words
 * typed in order, w1 … wk for some k, never a gap or half a transaction; and it writes nothing
 * into the live chapter (only the typist's and the seed's client ids are ever in it).
 */
describe('exporting while an author types', () => {
  let server: TestServer;
  let book: Awaited<ReturnType<typeof writtenBook>>;
  const cleanups: (() => unknown)[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    book = await writtenBook(server, cleanups);
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await server.stop();
  });

  it('returns a consistent version each time and leaves no trace in the live chapter', async () => {
    const name = `${book.bookId}/ch-2` as DocName;
    const writers = new Set(Y.decodeStateVector(Y.encodeStateVector(server.registry.peek(name)!.doc)).keys());
    let typed = 0;
    const typist = await write(
      server,
      book.members.author,
      name,
      (doc) => {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText('')]);
        chapterFragment(doc).push([paragraph]);
      },
      cleanups,
    );
    writers.add(typist.doc.clientID);
    const last = chapterFragment(typist.doc).get(chapterFragment(typist.doc).length - 1) as Y.XmlElement;
    const text = last.get(0) as Y.XmlText;
    const typing = setInterval(() => {
      // Two words per transaction: a consistent read never holds one without the other.
      typist.doc.transact(() => text.insert(text.length, `w${(typed += 1)} w${(typed += 1)} `));
    }, 3);
    const seen: number[] = [];
    try {
      for (let i = 0; i < 6; i += 1) {
        const markdown = await (await exportAs(book.members.owner, book.bookId, 'md')).text();
        const line = markdown.split('\n').find((row) => row.startsWith('w1 ')) ?? '';
        const words = line.trim() === '' ? [] : line.trim().split(' ');
        expect(words).toEqual(words.map((_, k) => `w${k + 1}`));
        expect(words.length % 2).toBe(0);
        seen.push(words.length);
      }
    } finally {
      clearInterval(typing);
    }
    expect(seen.at(-1)).toBeGreaterThan(0);
    const live = Y.decodeStateVector(Y.encodeStateVector(server.registry.peek(name)!.doc));
    for (const clientId of live.keys()) expect(writers.has(clientId)).toBe(true);
  });
});
