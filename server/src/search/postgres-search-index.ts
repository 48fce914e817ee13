import type { DocName } from '@wethink/shared';
import type { PostgresDatabase } from '../storage/postgres/postgres-database';
import { bookOf, type FoundBlock, type IndexedBlock, type SearchIndex } from './search-index';
import { bookScope, scopedText, type SearchTerms } from './search-text';

/**
 * PostgreSQL full-text search (migration 0102): a tsvector per block built from search-text.ts's
 * book-scoped words with `array_to_tsvector` (no parser, no stemming) under a GIN index. The query is a
 * tsquery literal of those words (letters and digits only: nothing to escape) passed as a value.
 */
export class PostgresSearchIndex implements SearchIndex {
  constructor(private readonly db: PostgresDatabase) {}

  async replaceChapter(chapter: DocName, blocks: readonly IndexedBlock[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM search_blocks WHERE doc = $1', [chapter]);
      if (blocks.length > 0) {
        await tx.query(
          `INSERT INTO search_blocks (doc, book, block, text, words)
           SELECT $1, $2, b.block, b.text, COALESCE(array_to_tsvector(string_to_array(NULLIF(b.words, ''), ' ')), ''::tsvector)
           FROM unnest($3::int[], $4::text[], $5::text[]) AS b(block, text, words)`,
          [
            chapter,
            bookOf(chapter),
            blocks.map((block) => block.index),
            blocks.map((block) => block.text),
            blocks.map((block) => scopedText(bookOf(chapter), block.text)),
          ],
        );
      }
      await tx.query(
        `INSERT INTO search_chapters (doc, book, indexed_at) VALUES ($1, $2, $3)
         ON CONFLICT (doc) DO UPDATE SET indexed_at = EXCLUDED.indexed_at`,
        [chapter, bookOf(chapter), Date.now()],
      );
    });
  }

  async replaceBlocks(chapter: DocName, blocks: readonly IndexedBlock[]): Promise<void> {
    const kept = blocks.filter((block) => block.text !== '');
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM search_blocks WHERE doc = $1 AND block = ANY($2::int[])', [
        chapter,
        blocks.map((block) => block.index),
      ]);
      if (kept.length === 0) return;
      await tx.query(
        `INSERT INTO search_blocks (doc, book, block, text, words)
         SELECT $1, $2, b.block, b.text, COALESCE(array_to_tsvector(string_to_array(NULLIF(b.words, ''), ' ')), ''::tsvector)
         FROM unnest($3::int[], $4::text[], $5::text[]) AS b(block, text, words)`,
        [
          chapter,
          bookOf(chapter),
          kept.map((block) => block.index),
          kept.map((block) => block.text),
          kept.map((block) => scopedText(bookOf(chapter), block.text)),
        ],
      );
    });
  }

  async removeChapters(chapters: readonly DocName[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM search_blocks WHERE doc = ANY($1)', [chapters]);
      await tx.query('DELETE FROM search_chapters WHERE doc = ANY($1)', [chapters]);
    });
  }

  async indexedChapters(bookId: string): Promise<Set<DocName>> {
    const result = await this.db.query('SELECT doc FROM search_chapters WHERE book = $1', [bookId]);
    return new Set(result.rows.map((row) => String(row.doc) as DocName));
  }

  async findBlocks(bookId: string, terms: SearchTerms, limit: number): Promise<FoundBlock[]> {
    const scope = bookScope(bookId);
    const query = terms.words
      .map((word, i) => `'${scope}${word}'${terms.isLastPrefix && i === terms.words.length - 1 ? ':*' : ''}`)
      .join(' & ');
    // The scoped words already keep to the book; `book =` only guards against a scope collision.
    const result = await this.db.query(
      `SELECT doc, block, text FROM search_blocks WHERE words @@ $2::tsquery AND book = $1 LIMIT $3`,
      [bookId, query, limit],
    );
    return result.rows.map((row) => ({
      doc: String(row.doc) as DocName,
      index: Number(row.block),
      text: String(row.text),
    }));
  }

  async close(): Promise<void> {}
}
