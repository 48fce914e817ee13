-- Blobs stored before the update guard refused what Yjs never writes (issue 16) are marked
-- unchecked: the room repairs them on load and compacts them into a checked state.
ALTER TABLE documents ADD COLUMN is_checked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE updates ADD COLUMN is_checked INTEGER NOT NULL DEFAULT 0;
