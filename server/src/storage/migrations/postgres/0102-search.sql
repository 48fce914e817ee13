-- Up Migration
-- Full-text search (issue 21): derived from the chapters' text, rebuilt for any chapter missing.
CREATE TABLE search_chapters (
  doc TEXT PRIMARY KEY,
  book TEXT NOT NULL,
  indexed_at BIGINT NOT NULL
);
CREATE INDEX search_chapters_by_book ON search_chapters (book);

-- One row per top-level block with text. `words` are search-text.ts's words (lower-cased, accents
-- removed), each prefixed with its book's scope (hex id + 'z': a word's entries in the GIN index
-- are one book's); the tsvector is built from them as they are (array_to_tsvector: no parser, no
-- stemming), so PostgreSQL finds exactly what SQLite and the brute-force check find.
CREATE TABLE search_blocks (
  doc TEXT NOT NULL,
  book TEXT NOT NULL,
  block INTEGER NOT NULL,
  text TEXT NOT NULL,
  words tsvector NOT NULL,
  PRIMARY KEY (doc, block)
);
CREATE INDEX search_blocks_words ON search_blocks USING GIN (words);

-- Down Migration
DROP TABLE search_blocks, search_chapters;
