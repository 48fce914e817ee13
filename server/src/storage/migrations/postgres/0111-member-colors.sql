-- Up Migration
-- Each member's colour in a book, chosen when they join and kept while others come and go (issue 19).
-- Existing memberships start from the member's account colour; NULL reads as the account colour.
-- Numbered after main's 0110-purged-heads: node-pg-migrate checks order, and databases have run it.
ALTER TABLE members ADD COLUMN color TEXT;
UPDATE members SET color = users.color FROM users WHERE users.id = members.user_id;

-- Down Migration
ALTER TABLE members DROP COLUMN color;
