-- Files of books (figures' images, issue 21), addressed by the SHA-256 of their bytes per book.
CREATE TABLE blobs (
  book TEXT NOT NULL,
  id TEXT NOT NULL,
  content_type TEXT NOT NULL,
  data BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (book, id)
);
