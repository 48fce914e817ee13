-- Which user each Yjs client id belongs to, per document: the first user who wrote with it.
-- Authorship of every character is derived from these bindings, never from what a client says.
CREATE TABLE client_owners (
  doc TEXT NOT NULL,
  client_id INTEGER NOT NULL,
  principal TEXT NOT NULL,
  PRIMARY KEY (doc, client_id)
) WITHOUT ROWID;

-- Contribution counts, one row per user per chapter per minute (rows are added to, not appended).
CREATE TABLE contributions (
  doc TEXT NOT NULL,
  book TEXT NOT NULL,
  user_id TEXT NOT NULL,
  minute_ms INTEGER NOT NULL,
  chars_inserted INTEGER NOT NULL,
  chars_deleted INTEGER NOT NULL,
  words_added INTEGER NOT NULL,
  words_removed INTEGER NOT NULL,
  PRIMARY KEY (doc, user_id, minute_ms)
) WITHOUT ROWID;
CREATE INDEX contributions_by_book ON contributions (book, minute_ms);

-- Who deleted what: the Yjs id ranges a user's accepted updates deleted, merged per flush.
CREATE TABLE deletions (
  id INTEGER PRIMARY KEY,
  doc TEXT NOT NULL,
  user_id TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  ranges BLOB NOT NULL
);
CREATE INDEX deletions_by_doc ON deletions (doc, id);

-- Versions: a compressed full state (viewable alone) and its Yjs snapshot (to skip unchanged ones).
CREATE TABLE versions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  doc TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT,
  created_at INTEGER NOT NULL,
  created_by TEXT,
  state BLOB NOT NULL,
  snapshot BLOB NOT NULL
);
CREATE INDEX versions_by_doc ON versions (doc, id);
