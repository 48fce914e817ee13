-- Up Migration
-- One-time repairs of stored data that a schema change alone cannot make (run by the server, in
-- code, once per database; the row is claimed in the repair's own transaction, so of several
-- instances starting at once one repairs and the others wait for it, then skip).
CREATE TABLE data_repairs (
  name TEXT PRIMARY KEY,
  done_at BIGINT NOT NULL
);

-- Down Migration
DROP TABLE data_repairs;
