import Database from 'libsql';
import type { DocName } from '@wethink/shared';
import { bookOf, type FoundBlock, type IndexedBlock, type SearchIndex } from './search-index';
import { bookScope, scopedText, type SearchTerms } from './search-text';

/**
 * FTS5 in the documents' SQLite file (tables from migration 005, created when the document store
 * opened it), on its own connection. Every call is synchronous inside (libsql), one transaction
 * per chapter replaced: a few milliseconds for a long chapter, run by the indexer off the sync path.
 */
export class SqliteSearchIndex implements SearchIndex {
  private readonly statements;

  private constructor(private readonly db: Database.Database) {
    this.statements = {
      blocksOf: db.prepare('SELECT id FROM search_blocks WHERE doc = ?'),
      blockRows: db.prepare('SELECT id FROM search_blocks WHERE doc = ? AND block = ?'),
      deleteBlock: db.prepare('DELETE FROM search_blocks WHERE id = ?'),
      deleteFts: db.prepare('DELETE FROM search_fts WHERE rowid = ?'),
      deleteBlocks: db.prepare('DELETE FROM search_blocks WHERE doc = ?'),
      deleteChapter: db.prepare('DELETE FROM search_chapters WHERE doc = ?'),
      insertBlock: db.prepare('INSERT INTO search_blocks (doc, block, text) VALUES (?, ?, ?)'),
      insertFts: db.prepare('INSERT INTO search_fts (rowid, words) VALUES (?, ?)'),
      upsertChapter: db.prepare(
        `INSERT INTO search_chapters (doc, book, indexed_at) VALUES (?, ?, ?)
         ON CONFLICT (doc) DO UPDATE SET indexed_at = excluded.indexed_at`,
      ),
      indexed: db.prepare('SELECT doc FROM search_chapters WHERE book = ?'),
      find: db.prepare(
        `SELECT b.doc, b.block, b.text FROM search_fts JOIN search_blocks b ON b.id = search_fts.rowid
         WHERE search_fts MATCH ? LIMIT ?`,
      ),
    };
  }

  /** Opens a connection to the documents' file (its schema already migrated by the store). */
  static open(filePath: string): SqliteSearchIndex {
    const db = new Database(filePath);
    db.pragma('busy_timeout = 5000');
    return new SqliteSearchIndex(db);
  }

  async replaceChapter(chapter: DocName, blocks: readonly IndexedBlock[]): Promise<void> {
    const bookId = bookOf(chapter);
    this.db.transaction(() => {
      this.remove(chapter);
      for (const block of blocks) {
        const id = this.statements.insertBlock.run(chapter, block.index, block.text).lastInsertRowid;
        this.statements.insertFts.run(id, scopedText(bookId, block.text));
      }
      this.statements.upsertChapter.run(chapter, bookOf(chapter), Date.now());
    })();
  }

  async replaceBlocks(chapter: DocName, blocks: readonly IndexedBlock[]): Promise<void> {
    const bookId = bookOf(chapter);
    this.db.transaction(() => {
      for (const block of blocks) {
        for (const row of this.statements.blockRows.all(chapter, block.index) as { id: number }[]) {
          this.statements.deleteFts.run(row.id);
          this.statements.deleteBlock.run(row.id);
        }
        if (block.text === '') continue;
        const id = this.statements.insertBlock.run(chapter, block.index, block.text).lastInsertRowid;
        this.statements.insertFts.run(id, scopedText(bookId, block.text));
      }
    })();
  }

  private remove(chapter: DocName): void {
    for (const row of this.statements.blocksOf.all(chapter) as { id: number }[]) {
      this.statements.deleteFts.run(row.id);
    }
    this.statements.deleteBlocks.run(chapter);
  }

  async removeChapters(chapters: readonly DocName[]): Promise<void> {
    this.db.transaction(() => {
      for (const chapter of chapters) {
        this.remove(chapter);
        this.statements.deleteChapter.run(chapter);
      }
    })();
  }

  async indexedChapters(bookId: string): Promise<Set<DocName>> {
    return new Set(
      (this.statements.indexed.all(bookId) as { doc: string }[]).map((row) => row.doc as DocName),
    );
  }

  async findBlocks(bookId: string, terms: SearchTerms, limit: number): Promise<FoundBlock[]> {
    // Words are letters and digits only (search-text.ts), so quoting them is all the escaping FTS5 needs.
    const scope = bookScope(bookId);
    const match = terms.words
      .map((word, i) => `"${scope}${word}"${terms.isLastPrefix && i === terms.words.length - 1 ? '*' : ''}`)
      .join(' AND ');
    const rows = this.statements.find.all(match, limit) as { doc: string; block: number; text: string }[];
    return rows.map((row) => ({ doc: row.doc as DocName, index: Number(row.block), text: String(row.text) }));
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
