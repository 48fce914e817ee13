import Database from 'libsql';
import type { BlobStore, StoredBlob } from './blob-store';
import { blob, toBytes, type Row } from './rows';

/** Blobs in the documents' SQLite file (migration 006), on their own connection. */
export class SqliteBlobStore implements BlobStore {
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;

  private constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO blobs (book, id, content_type, data, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (book, id) DO NOTHING`,
    );
    this.select = db.prepare('SELECT content_type, data FROM blobs WHERE book = ? AND id = ?');
  }

  /** Opens a connection to the documents' file (its schema already migrated by the store). */
  static open(filePath: string): SqliteBlobStore {
    const db = new Database(filePath);
    db.pragma('busy_timeout = 5000');
    return new SqliteBlobStore(db);
  }

  async putBlob(value: {
    bookId: string;
    id: string;
    contentType: string;
    bytes: Uint8Array;
    createdAt: number;
  }) {
    this.insert.run(value.bookId, value.id, value.contentType, blob(value.bytes), value.createdAt);
  }

  async getBlob(bookId: string, id: string): Promise<StoredBlob | null> {
    const row = this.select.get(bookId, id) as Row | undefined;
    return row ? { contentType: String(row.content_type), bytes: toBytes(row.data) } : null;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
