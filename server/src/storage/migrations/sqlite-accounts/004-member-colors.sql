-- Each member's colour in a book, chosen when they join and kept while others come and go (issue 19).
-- Existing memberships start from the member's account colour; NULL reads as the account colour.
ALTER TABLE members ADD COLUMN color TEXT;
UPDATE members SET color = (SELECT color FROM users WHERE users.id = members.user_id);
