-- The update log: every accepted update, appended before it is relayed.
CREATE TABLE updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  doc TEXT NOT NULL,
  data BLOB NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX updates_by_doc ON updates (doc, seq);

-- Compacted state: the merge of every update of a document up to through_seq.
CREATE TABLE documents (
  doc TEXT PRIMARY KEY,
  state BLOB NOT NULL,
  through_seq INTEGER NOT NULL,
  compacted_at INTEGER NOT NULL
);
