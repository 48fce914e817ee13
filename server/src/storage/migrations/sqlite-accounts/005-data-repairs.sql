-- One-time repairs of stored data that a schema change alone cannot make (run by the server, in
-- code, once per database): the name of each one done and when.
CREATE TABLE data_repairs (
  name TEXT PRIMARY KEY,
  done_at INTEGER NOT NULL
);
