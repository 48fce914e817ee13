// Search over a generated corpus, and what keeping the index current costs.
// Run: node --import tsx test/measure/search-costs.ts [sqlite|postgres] [books] [chaptersPerBook] [wordsPerChapter]
// Defaults: sqlite 100 20 5000 (10 M words). PostgreSQL: DATABASE_URL of an empty database (migrated here).
import path from 'node:path';
import * as Y from 'yjs';
import { chapterFragment, type DocName } from '@wethink/shared';
import { silentLogger } from '../../src/logger';
import { chapterBlocks } from '../../src/search/chapter-blocks';
import { PostgresSearchIndex } from '../../src/search/postgres-search-index';
import type { SearchIndex } from '../../src/search/search-index';
import { parseQuery, snippetOf } from '../../src/search/search-text';
import { SqliteSearchIndex } from '../../src/search/sqlite-search-index';
import { openPostgres } from '../../src/storage/postgres/postgres-database';
import { SqliteDocumentStore } from '../../src/storage/sqlite-store';
import { makeTempDir } from '../start-test-server';

const [backend = 'sqlite', books = '100', chaptersPerBook = '20', wordsPerChapter = '5000'] =
  process.argv.slice(2);
const BOOKS = Number(books);
const CHAPTERS = Number(chaptersPerBook);
const WORDS = Number(wordsPerChapter);
const WORDS_PER_BLOCK = 100;

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

// A 30,000-word vocabulary drawn with a Zipf-like skew: a few words in every paragraph, most rare.
const random = prng(21);
const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'te', 'vo', 'xi', 'zu', 'an', 'el', 'or', 'ul'];
const vocabulary = Array.from({ length: 30_000 }, (_, i) => {
  let word = '';
  for (let n = i + 1; n > 0; n = Math.floor(n / syllables.length)) word += syllables[n % syllables.length];
  return word;
});
const pickWord = () => vocabulary[Math.floor(vocabulary.length * random() ** 3)]!;
const blockText = () => Array.from({ length: WORDS_PER_BLOCK }, pickWord).join(' ');

async function openIndex(): Promise<{ index: SearchIndex; close: () => Promise<void> }> {
  if (backend === 'postgres') {
    const url = process.env.DATABASE_URL;
    if (url === undefined) throw new Error('set DATABASE_URL to an empty database to measure PostgreSQL');
    const db = await openPostgres({ databaseUrl: url, logger: silentLogger });
    return { index: new PostgresSearchIndex(db), close: () => db.close() };
  }
  const filePath = path.join(makeTempDir(), 'wethink.sqlite');
  await SqliteDocumentStore.open(filePath).close();
  const index = SqliteSearchIndex.open(filePath);
  return { index, close: () => index.close() };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

const { index, close } = await openIndex();
const blocksPerChapter = Math.ceil(WORDS / WORDS_PER_BLOCK);
const loadStart = performance.now();
for (let b = 0; b < BOOKS; b += 1) {
  for (let c = 0; c < CHAPTERS; c += 1) {
    const blocks = Array.from({ length: blocksPerChapter }, (_, i) => ({ index: i, text: blockText() }));
    await index.replaceChapter(`book${b}/ch${c}` as DocName, blocks);
  }
}
const loadMs = performance.now() - loadStart;
process.stdout.write(
  `${backend}: ${BOOKS} books × ${CHAPTERS} chapters × ${WORDS} words = ${(BOOKS * CHAPTERS * WORDS).toLocaleString()} words indexed in ${(loadMs / 1000).toFixed(1)} s\n`,
);

// Queries: a common word, a rare word, two words, a prefix, a word that is nowhere.
const kinds = {
  common: () => vocabulary[Math.floor(random() * 20)]!,
  rare: () => vocabulary[5000 + Math.floor(random() * 20_000)]!,
  twoWords: () => `${pickWord()} ${pickWord()} `,
  prefix: () => pickWord().slice(0, 3),
  absent: () => `zzq${Math.floor(random() * 1000)}`,
};
const all: number[] = [];
for (const [kind, make] of Object.entries(kinds)) {
  const times: number[] = [];
  let hits = 0;
  for (let i = 0; i < 200; i += 1) {
    const query = make();
    const bookId = `book${Math.floor(random() * BOOKS)}`;
    const start = performance.now();
    const terms = parseQuery(query);
    const found = await index.findBlocks(bookId, terms, 2000);
    found.sort((x, y) => (x.doc < y.doc ? -1 : x.doc > y.doc ? 1 : x.index - y.index));
    for (const block of found.slice(0, 100)) snippetOf(block.text, terms);
    times.push(performance.now() - start);
    hits += found.length;
  }
  times.sort((x, y) => x - y);
  all.push(...times);
  process.stdout.write(
    `  ${kind.padEnd(9)} p50 ${percentile(times, 0.5).toFixed(2)} ms  p95 ${percentile(times, 0.95).toFixed(2)} ms  max ${times.at(-1)!.toFixed(2)} ms  (mean hits ${(hits / 200).toFixed(0)})\n`,
  );
}
all.sort((x, y) => x - y);
process.stdout.write(
  `  all       p50 ${percentile(all, 0.5).toFixed(2)} ms  p95 ${percentile(all, 0.95).toFixed(2)} ms\n`,
);

// Indexing one chapter as the indexer does after an edit: read its text from the live Y.Doc, write it.
const doc = new Y.Doc();
doc.transact(() => {
  for (let i = 0; i < blocksPerChapter; i += 1) {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(blockText())]);
    chapterFragment(doc).push([paragraph]);
  }
});
const reads: number[] = [];
const writes: number[] = [];
for (let i = 0; i < 50; i += 1) {
  let start = performance.now();
  const blocks = chapterBlocks(doc);
  reads.push(performance.now() - start);
  start = performance.now();
  await index.replaceChapter('book0/ch0' as DocName, blocks);
  writes.push(performance.now() - start);
}
// Typing inside one paragraph: the indexer rewrites that block only.
const typing: number[] = [];
for (let i = 0; i < 200; i += 1) {
  const start = performance.now();
  await index.replaceBlocks('book0/ch0' as DocName, [{ index: i % blocksPerChapter, text: blockText() }]);
  typing.push(performance.now() - start);
}
typing.sort((x, y) => x - y);
process.stdout.write(
  `re-indexing one edited paragraph (${WORDS_PER_BLOCK} words): p50 ${percentile(typing, 0.5).toFixed(2)} ms, p95 ${percentile(typing, 0.95).toFixed(2)} ms\n`,
);
reads.sort((x, y) => x - y);
writes.sort((x, y) => x - y);
process.stdout.write(
  `re-indexing one ${WORDS}-word chapter: read p50 ${percentile(reads, 0.5).toFixed(2)} ms, write p50 ${percentile(writes, 0.5).toFixed(2)} ms (p95 ${percentile(writes, 0.95).toFixed(2)} ms)\n`,
);
await close();
