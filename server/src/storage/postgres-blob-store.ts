import type { BlobStore, StoredBlob } from './blob-store';
import type { PostgresDatabase } from './postgres/postgres-database';
import { blob, toBytes } from './rows';

/** Blobs in the PostgreSQL database (migration 0103), as bytea. */
export class PostgresBlobStore implements BlobStore {
  constructor(private readonly db: PostgresDatabase) {}

  async putBlob(value: {
    bookId: string;
    id: string;
    contentType: string;
    bytes: Uint8Array;
    createdAt: number;
  }) {
    await this.db.query(
      `INSERT INTO blobs (book, id, content_type, data, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (book, id) DO NOTHING`,
      [value.bookId, value.id, value.contentType, blob(value.bytes), value.createdAt],
    );
  }

  async getBlob(bookId: string, id: string): Promise<StoredBlob | null> {
    const result = await this.db.query('SELECT content_type, data FROM blobs WHERE book = $1 AND id = $2', [
      bookId,
      id,
    ]);
    const row = result.rows[0];
    return row ? { contentType: String(row.content_type), bytes: toBytes(row.data) } : null;
  }

  /** The database belongs to whoever opened it. */
  async close(): Promise<void> {}
}
