-- Up Migration
-- Invite links that expire and that only so many people may use (issue 19). NULL: no limit.
-- Numbered after 0100: node-pg-migrate checks order, and databases have run 0100 already.
ALTER TABLE invites
  ADD COLUMN expires_at BIGINT,
  ADD COLUMN max_uses INTEGER CHECK (max_uses IS NULL OR max_uses > 0),
  ADD COLUMN use_count INTEGER NOT NULL DEFAULT 0;

-- Down Migration
ALTER TABLE invites DROP COLUMN use_count, DROP COLUMN max_uses, DROP COLUMN expires_at;
