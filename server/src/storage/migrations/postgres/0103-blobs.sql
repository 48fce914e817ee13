-- Up Migration
-- Files of books (figures' images, issue 21), addressed by the SHA-256 of their bytes per book.
CREATE TABLE blobs (
  book TEXT NOT NULL,
  id TEXT NOT NULL,
  content_type TEXT NOT NULL,
  data BYTEA NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (book, id)
);

-- Down Migration
DROP TABLE blobs;
