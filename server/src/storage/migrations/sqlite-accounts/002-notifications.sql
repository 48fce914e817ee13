-- Mentions in comments, one row per mentioned user and comment (an edit that keeps the mention
-- does not notify twice).
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('mention')),
  book_id TEXT NOT NULL REFERENCES books (id) ON DELETE CASCADE,
  chapter_id TEXT NOT NULL,
  thread_id TEXT NOT NULL,
  comment_id TEXT NOT NULL,
  from_user_id TEXT NOT NULL,
  excerpt TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  read_at INTEGER,
  UNIQUE (user_id, book_id, chapter_id, comment_id)
);
CREATE INDEX notifications_by_user ON notifications (user_id, id);
