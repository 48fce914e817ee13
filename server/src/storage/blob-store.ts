/** A stored file of a book (an image), addressed by the SHA-256 of its bytes. */
export interface StoredBlob {
  contentType: string;
  bytes: Uint8Array;
}

/**
 * Files of books (figures' images), in the same database as the documents. Content-addressed
 * per book: the same bytes stored twice are one row; a blob belongs to its book, so knowing a
 * hash never reaches another book's file. Every method is asynchronous.
 */
export interface BlobStore {
  /** Stores the blob under (bookId, id) unless it is there already; resolves once committed. */
  putBlob(blob: {
    bookId: string;
    id: string;
    contentType: string;
    bytes: Uint8Array;
    createdAt: number;
  }): Promise<void>;
  /** The blob, or null when the book has none with that id. */
  getBlob(bookId: string, id: string): Promise<StoredBlob | null>;
  close(): Promise<void>;
}

/** For tests and `STORAGE=memory`. */
export class MemoryBlobStore implements BlobStore {
  private readonly blobs = new Map<string, StoredBlob>();

  async putBlob(blob: { bookId: string; id: string; contentType: string; bytes: Uint8Array }): Promise<void> {
    const key = `${blob.bookId}/${blob.id}`;
    if (!this.blobs.has(key))
      this.blobs.set(key, { contentType: blob.contentType, bytes: blob.bytes.slice() });
  }

  async getBlob(bookId: string, id: string): Promise<StoredBlob | null> {
    return this.blobs.get(`${bookId}/${id}`) ?? null;
  }

  async close(): Promise<void> {}
}
