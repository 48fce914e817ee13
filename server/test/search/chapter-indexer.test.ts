import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { chapterFragment, type DocName } from '@wethink/shared';
import { silentLogger } from '../../src/logger';
import { ChapterIndexer } from '../../src/search/chapter-indexer';
import { MemorySearchIndex } from '../../src/search/memory-search-index';
import { parseQuery } from '../../src/search/search-text';

const NAME = 'bk/ch' as DocName;
const asAuthor = { kind: 'peer', principal: 'user:ada', peerId: 1 } as const;

function paragraph(text: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  element.insert(0, [new Y.XmlText(text)]);
  return element;
}

function setUp() {
  vi.useFakeTimers();
  const index = new MemorySearchIndex();
  const replaceChapter = vi.spyOn(index, 'replaceChapter');
  const replaceBlocks = vi.spyOn(index, 'replaceBlocks');
  const indexer = new ChapterIndexer({
    index,
    logger: silentLogger,
    quietMs: 400,
    maxDelayMs: 900,
    timers: {
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (h) => clearTimeout(h as number),
      now: () => Date.now(),
    },
  });
  const doc = new Y.Doc();
  const stop = indexer.attach(NAME, doc)!;
  const found = async (word: string) =>
    (await index.findBlocks('bk', parseQuery(`${word} `), 100)).map((block) => block.index);
  return { index, indexer, doc, stop, replaceChapter, replaceBlocks, found };
}

describe('ChapterIndexer', () => {
  it('indexes accepted updates once per delay: blocks added re-read the chapter, typing inside one rewrites that block', async () => {
    const { indexer, doc, replaceChapter, replaceBlocks, found, stop } = setUp();
    try {
      doc.transact(() => chapterFragment(doc).push([paragraph('alpha'), paragraph('beta')]), asAuthor);
      doc.transact(() => chapterFragment(doc).push([paragraph('gamma')]), asAuthor);
      expect(replaceChapter).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(400);
      await indexer.flush();
      expect(replaceChapter).toHaveBeenCalledTimes(1);
      expect(await found('gamma')).toEqual([2]);

      const beta = chapterFragment(doc).get(1) as Y.XmlElement;
      doc.transact(() => (beta.get(0) as Y.XmlText).insert(4, ' delta'), asAuthor);
      doc.transact(() => (beta.get(0) as Y.XmlText).insert(0, 'x '), asAuthor);
      await vi.advanceTimersByTimeAsync(400);
      await indexer.flush();
      expect(replaceChapter).toHaveBeenCalledTimes(1);
      expect(replaceBlocks).toHaveBeenCalledWith(NAME, [{ index: 1, text: 'x beta delta' }]);
      expect(await found('delta')).toEqual([1]);
      expect(await found('alpha')).toEqual([0]);
    } finally {
      stop();
      vi.useRealTimers();
    }
  });

  it('ignores changes that are not accepted updates (loading) and indexes what is pending when the room goes', async () => {
    const { indexer, doc, replaceChapter, found, stop } = setUp();
    try {
      doc.transact(() => chapterFragment(doc).push([paragraph('loaded')]));
      await vi.advanceTimersByTimeAsync(1000);
      expect(replaceChapter).not.toHaveBeenCalled();
      doc.transact(() => chapterFragment(doc).push([paragraph('last words')]), asAuthor);
      stop();
      await indexer.flush();
      expect(await found('last')).toEqual([1]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('waits for a pause in typing, but never more than the longest delay after the first change', async () => {
    const { indexer, doc, replaceChapter, replaceBlocks, found, stop } = setUp();
    try {
      doc.transact(() => chapterFragment(doc).push([paragraph('start')]), asAuthor);
      await vi.advanceTimersByTimeAsync(400);
      await indexer.flush();
      expect(replaceChapter).toHaveBeenCalledTimes(1);
      const text = (chapterFragment(doc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
      // A keystroke every 140 ms: never a 400 ms pause, so the longest delay (900 ms) decides.
      for (let i = 0; i < 6; i += 1) {
        doc.transact(() => text.insert(text.length, ` w${i}`), asAuthor);
        await vi.advanceTimersByTimeAsync(140);
      }
      expect(replaceBlocks).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(60);
      await indexer.flush();
      expect(replaceBlocks).toHaveBeenCalledTimes(1);
      expect(await found('w5')).toEqual([0]);
      expect(indexer.stats.cpuUs).toBeGreaterThan(0);
      // A lone change after that is indexed once typing pauses for 400 ms.
      doc.transact(() => text.insert(text.length, ' end'), asAuthor);
      await vi.advanceTimersByTimeAsync(399);
      expect(replaceBlocks).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1);
      await indexer.flush();
      expect(replaceBlocks).toHaveBeenCalledTimes(2);
    } finally {
      stop();
      vi.useRealTimers();
    }
  });
});
