-- Full-text search (issue 21): derived from the chapters' text, rebuilt for any chapter missing.
-- Which chapters are indexed (a chapter with no text still is).
CREATE TABLE search_chapters (
  doc TEXT PRIMARY KEY,
  book TEXT NOT NULL,
  indexed_at INTEGER NOT NULL
);
CREATE INDEX search_chapters_by_book ON search_chapters (book);
-- One row per top-level block with text: what a hit shows and jumps to.
CREATE TABLE search_blocks (
  id INTEGER PRIMARY KEY,
  doc TEXT NOT NULL,
  block INTEGER NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX search_blocks_by_doc ON search_blocks (doc, block);
-- The words of each block (search-text.ts: lower-cased, accents removed), each prefixed with its
-- book's scope (hex id + 'z'), so a word's posting list holds one book's passages. rowid = block id.
CREATE VIRTUAL TABLE search_fts USING fts5(words, tokenize = 'unicode61 remove_diacritics 0');
