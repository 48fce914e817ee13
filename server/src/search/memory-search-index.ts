import type { DocName } from '@wethink/shared';
import { bookOf, type FoundBlock, type IndexedBlock, type SearchIndex } from './search-index';
import { indexedText, matchesIndexed, type SearchTerms } from './search-text';

/** Scans every block: for tests and `STORAGE=memory` (and the brute force the others are checked against). */
export class MemorySearchIndex implements SearchIndex {
  private readonly chapters = new Map<DocName, { index: number; text: string; indexed: string }[]>();

  async replaceChapter(chapter: DocName, blocks: readonly IndexedBlock[]): Promise<void> {
    this.chapters.set(
      chapter,
      blocks.map((block) => ({ ...block, indexed: indexedText(block.text) })),
    );
  }

  async replaceBlocks(chapter: DocName, blocks: readonly IndexedBlock[]): Promise<void> {
    const changed = new Map(blocks.map((block) => [block.index, block.text]));
    const kept = (this.chapters.get(chapter) ?? []).filter((block) => !changed.has(block.index));
    const added = blocks
      .filter((block) => block.text !== '')
      .map((block) => ({ ...block, indexed: indexedText(block.text) }));
    this.chapters.set(
      chapter,
      [...kept, ...added].sort((a, b) => a.index - b.index),
    );
  }

  async removeChapters(chapters: readonly DocName[]): Promise<void> {
    for (const chapter of chapters) this.chapters.delete(chapter);
  }

  async indexedChapters(bookId: string): Promise<Set<DocName>> {
    return new Set([...this.chapters.keys()].filter((chapter) => bookOf(chapter) === bookId));
  }

  async findBlocks(bookId: string, terms: SearchTerms, limit: number): Promise<FoundBlock[]> {
    const found: FoundBlock[] = [];
    for (const [doc, blocks] of this.chapters) {
      if (bookOf(doc) !== bookId) continue;
      for (const block of blocks) {
        if (found.length >= limit) return found;
        if (matchesIndexed(block.indexed, terms)) found.push({ doc, index: block.index, text: block.text });
      }
    }
    return found;
  }

  async close(): Promise<void> {}
}
