-- Invite links that expire and that only so many people may use (issue 19). NULL: no limit.
ALTER TABLE invites ADD COLUMN expires_at INTEGER;
ALTER TABLE invites ADD COLUMN max_uses INTEGER CHECK (max_uses IS NULL OR max_uses > 0);
ALTER TABLE invites ADD COLUMN use_count INTEGER NOT NULL DEFAULT 0;
