import * as Y from 'yjs';
import {
  MAX_SEARCH_HITS,
  docKindOf,
  readBookIndex,
  type DocName,
  type SearchHit,
  type SearchView,
} from '@wethink/shared';
import type { ChapterIndex, UpdateLog } from '../storage/document-store';
import { chapterBlocks } from './chapter-blocks';
import type { ChapterIndexer } from './chapter-indexer';
import type { SearchIndex } from './search-index';
import { parseQuery, snippetOf } from './search-text';

/** Rooms as search reads them: the book's index document. */
export interface SearchRooms {
  acquire(name: DocName): Promise<{ readonly doc: Y.Doc }>;
  release(room: { readonly doc: Y.Doc }): void;
}

export interface SearchServiceDeps {
  index: SearchIndex;
  indexer: ChapterIndexer;
  rooms: SearchRooms;
  store: ChapterIndex & Pick<UpdateLog, 'load'>;
  /** Rejects with `not-found` when the user is not a member of the book. */
  requireMember: (userId: string, bookId: string) => Promise<void>;
}

/** Blocks looked at per search at most, before ordering (a very common word matches many). */
const SCAN_LIMIT = 2000;

/**
 * Full-text search over a book, for its members only (others get 404, as every book route).
 * Hits are passages of the book's live chapters (not the trash), in reading order, each with the
 * chapter, a snippet and the block to jump to. Chapters the index has never seen (written before
 * search existed, or imported elsewhere) are indexed from storage on the first search.
 */
export class SearchService {
  constructor(private readonly deps: SearchServiceDeps) {}

  async search(userId: string, bookId: string, query: string): Promise<SearchView> {
    await this.deps.requireMember(userId, bookId);
    const terms = parseQuery(query);
    const chapters = await this.liveChapters(bookId);
    await this.backfill(bookId);
    const order = new Map(chapters.map((chapter, i) => [chapter.id, i]));
    const found = (await this.deps.index.findBlocks(bookId, terms, SCAN_LIMIT))
      .map((block) => ({ ...block, chapterId: block.doc.slice(bookId.length + 1) }))
      .filter((block) => order.has(block.chapterId))
      .sort((a, b) => order.get(a.chapterId)! - order.get(b.chapterId)! || a.index - b.index);
    const hits = found.slice(0, MAX_SEARCH_HITS).map((block): SearchHit => ({
      chapterId: block.chapterId,
      chapterTitle: chapters[order.get(block.chapterId)!]!.title,
      blockIndex: block.index,
      ...snippetOf(block.text, terms),
    }));
    return { query, hits, isTruncated: found.length > MAX_SEARCH_HITS || found.length === SCAN_LIMIT };
  }

  private async liveChapters(bookId: string): Promise<{ id: string; title: string }[]> {
    const room = await this.deps.rooms.acquire(bookId as DocName);
    try {
      return readBookIndex(room.doc).chapters.map(({ id, title }) => ({ id, title }));
    } finally {
      this.deps.rooms.release(room);
    }
  }

  private async backfill(bookId: string): Promise<void> {
    const indexed = await this.deps.index.indexedChapters(bookId);
    const stored = (await this.deps.store.listChapters(bookId)).filter(
      (name) => docKindOf(name) === 'chapter' && !indexed.has(name),
    );
    for (const name of stored) {
      await this.deps.indexer.ensureIndexed(name, async () => {
        const loaded = await this.deps.store.load(name);
        const doc = new Y.Doc();
        if (loaded.state) Y.applyUpdate(doc, loaded.state);
        for (const update of loaded.updates) Y.applyUpdate(doc, update);
        return chapterBlocks(doc);
      });
    }
  }
}
