-- A version may store only what changed since the version before it (base_id); depth counts
-- the versions back to the nearest full one (base_id NULL, depth 0), so reading one stays bounded.
ALTER TABLE versions ADD COLUMN base_id INTEGER;
ALTER TABLE versions ADD COLUMN depth INTEGER NOT NULL DEFAULT 0;
