import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DocName } from '@wethink/shared';
import { MemorySearchIndex } from '../../src/search/memory-search-index';
import { PostgresSearchIndex } from '../../src/search/postgres-search-index';
import type { SearchIndex } from '../../src/search/search-index';
import { parseQuery } from '../../src/search/search-text';
import { SqliteSearchIndex } from '../../src/search/sqlite-search-index';
import { SqliteDocumentStore } from '../../src/storage/sqlite-store';
import { makeTempDir } from '../start-test-server';
import { usePostgresDatabase } from '../support/postgres-database';

/** Words with case, accents, digits and a shared prefix, so folding and prefixes are exercised. */
const VOCABULARY = [
  'Linux',
  'linuxes',
  'café',
  'CAFE',
  'naïve',
  'été',
  'book',
  'books',
  'x11',
  '2026',
  'the',
  'ünïcode',
];

/** The brute force: a passage matches when each query word equals (or, last, starts) one of its words. */
function bruteForce(corpus: Map<DocName, string[]>, bookId: string, query: string): string[] {
  const fold = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase();
  const wordsIn = (text: string) => fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
  const terms = [...new Set(wordsIn(query))];
  const isPrefix = /[\p{L}\p{N}]$/u.test(query);
  const found: string[] = [];
  for (const [doc, blocks] of corpus) {
    if (!doc.startsWith(`${bookId}/`)) continue;
    blocks.forEach((text, index) => {
      const words = wordsIn(text);
      const ok = terms.every((term, i) =>
        words.some((word) => word === term || (isPrefix && i === terms.length - 1 && word.startsWith(term))),
      );
      if (ok && words.length > 0) found.push(`${doc}#${index}`);
    });
  }
  return found.sort();
}

const corpusArbitrary = fc.array(
  fc.record({
    book: fc.constantFrom('bk_a', 'bk-b'),
    chapter: fc.constantFrom('c1', 'c2', 'c3'),
    blocks: fc.array(fc.array(fc.constantFrom(...VOCABULARY, ',', '—'), { minLength: 0, maxLength: 8 }), {
      minLength: 1,
      maxLength: 6,
    }),
  }),
  { minLength: 1, maxLength: 6 },
);
const queryArbitrary = fc
  .tuple(
    fc.array(fc.constantFrom(...VOCABULARY, 'lin', 'caf', 'AND', 'OR', '"', '*', 'NEAR('), {
      minLength: 1,
      maxLength: 3,
    }),
    fc.boolean(),
  )
  .map(([words, trailingSpace]) => `${words.join(' ')}${trailingSpace ? ' ' : ''}`);

function searchIndexContract(name: string, open: () => Promise<SearchIndex>): void {
  it(`${name} finds exactly the passages a brute-force scan finds, per book, after replacements`, async () => {
    const index = await open();
    let hits = 0;
    await fc.assert(
      fc.asyncProperty(
        corpusArbitrary,
        fc.array(queryArbitrary, { minLength: 1, maxLength: 5 }),
        async (writes, queries) => {
          const corpus = new Map<DocName, string[]>();
          const all = [...(await index.indexedChapters('bk_a')), ...(await index.indexedChapters('bk-b'))];
          await index.removeChapters(all);
          for (const write of writes) {
            const doc = `${write.book}/${write.chapter}` as DocName;
            const blocks = write.blocks.map((words) => words.join(' '));
            corpus.set(doc, blocks);
            await index.replaceChapter(
              doc,
              blocks.map((text, i) => ({ index: i, text })),
            );
          }
          for (const query of queries) {
            let terms;
            try {
              terms = parseQuery(query);
            } catch {
              continue; // no words: refused before any index is asked
            }
            for (const bookId of ['bk_a', 'bk-b']) {
              const found = (await index.findBlocks(bookId, terms, 10_000)).map(
                (block) => `${block.doc}#${block.index}`,
              );
              hits += found.length;
              expect(found.sort(), `${name}: ${JSON.stringify(query)} in ${bookId}`).toEqual(
                bruteForce(corpus, bookId, query),
              );
            }
          }
        },
      ),
      { numRuns: 60, seed: 2104 },
    );
    expect(hits, 'the seeded queries find something').toBeGreaterThan(50);
    await index.close();
  });
}

describe('SearchIndex implementations against a brute-force scan', () => {
  const db = usePostgresDatabase();

  searchIndexContract('MemorySearchIndex', async () => new MemorySearchIndex());
  searchIndexContract('SqliteSearchIndex', async () => {
    const filePath = path.join(makeTempDir(), 'wethink.sqlite');
    await SqliteDocumentStore.open(filePath).close(); // creates and migrates the file
    return SqliteSearchIndex.open(filePath);
  });
  searchIndexContract('PostgresSearchIndex', async () => new PostgresSearchIndex(db()));
});
