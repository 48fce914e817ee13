-- Up Migration
-- Documents: the same tables as SQLite's sqlite/*.sql, with per-document sequence numbers.

-- The newest sequence number of each document. Appends lock its row for the length of their
-- transaction, so sequence numbers are gap-free per document and commit order is their order.
CREATE TABLE doc_heads (
  doc TEXT PRIMARY KEY,
  seq BIGINT NOT NULL
);

-- The update log: every accepted update, committed before it is relayed.
CREATE TABLE updates (
  doc TEXT NOT NULL,
  seq BIGINT NOT NULL,
  data BYTEA NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (doc, seq)
);

-- Compacted state: the merge of every update of a document up to through_seq.
CREATE TABLE documents (
  doc TEXT PRIMARY KEY,
  state BYTEA NOT NULL,
  through_seq BIGINT NOT NULL,
  compacted_at BIGINT NOT NULL
);

-- Which user each Yjs client id belongs to, per document: the first user who wrote with it.
CREATE TABLE client_owners (
  doc TEXT NOT NULL,
  client_id BIGINT NOT NULL,
  principal TEXT NOT NULL,
  PRIMARY KEY (doc, client_id)
);

-- Contribution counts, one row per user per chapter per minute (rows are added to).
CREATE TABLE contributions (
  doc TEXT NOT NULL,
  book TEXT NOT NULL,
  user_id TEXT NOT NULL,
  minute_ms BIGINT NOT NULL,
  chars_inserted INTEGER NOT NULL,
  chars_deleted INTEGER NOT NULL,
  words_added INTEGER NOT NULL,
  words_removed INTEGER NOT NULL,
  PRIMARY KEY (doc, user_id, minute_ms)
);
CREATE INDEX contributions_by_book ON contributions (book, minute_ms);

-- Who deleted what: the Yjs id ranges a user's accepted updates deleted.
CREATE TABLE deletions (
  id BIGSERIAL PRIMARY KEY,
  doc TEXT NOT NULL,
  user_id TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  ranges BYTEA NOT NULL
);
CREATE INDEX deletions_by_doc ON deletions (doc, id);

-- Versions: a compressed state (alone, or relative to base_id) and its Yjs snapshot.
CREATE TABLE versions (
  id BIGSERIAL PRIMARY KEY,
  doc TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT,
  created_at BIGINT NOT NULL,
  created_by TEXT,
  state BYTEA NOT NULL,
  snapshot BYTEA NOT NULL,
  base_id BIGINT,
  depth INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX versions_by_doc ON versions (doc, id);

-- Down Migration
DROP TABLE versions, deletions, contributions, client_owners, documents, updates, doc_heads;
