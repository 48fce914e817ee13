-- Up Migration
-- A purged document keeps its head row as a tombstone (issue 21): appends, compactions, versions
-- and contributions of it are refused, so an instance that still holds it loaded (several
-- instances share this database) cannot store it again after the purge.
ALTER TABLE doc_heads ADD COLUMN purged BOOLEAN NOT NULL DEFAULT false;
