-- Up Migration
-- The same tables as SQLite's sqlite-accounts/001-accounts.sql; times are Unix milliseconds.
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  color TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- Only a hash of each session token is kept: a leaked database does not sign anyone in.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE books (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE members (
  book_id TEXT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'author', 'reviewer', 'reader')),
  PRIMARY KEY (book_id, user_id)
);
CREATE INDEX members_by_user ON members (user_id);

CREATE TABLE invites (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  book_id TEXT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('author', 'reviewer', 'reader')),
  created_by TEXT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX invites_by_book ON invites (book_id);

-- Down Migration
DROP TABLE invites;
DROP TABLE members;
DROP TABLE books;
DROP TABLE sessions;
DROP TABLE users;
