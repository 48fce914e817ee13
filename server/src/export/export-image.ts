import type { StoredBlob } from '../storage/blob-store';

/**
 * An image an export may embed: its type is known when the book is loaded (formats decide from it
 * what to package and what the package lists), its bytes are read only when the file reaches it,
 * so an export holds one image at a time however many the book has.
 */
export interface ExportImage {
  contentType: string;
  /** The image's bytes, read again each time (from the blob store on a server). */
  read(): Promise<Uint8Array>;
}

/** An image whose bytes are already in memory (tests, a generated book). */
export function imageInMemory(contentType: string, bytes: Uint8Array): ExportImage {
  return { contentType, read: () => Promise.resolve(bytes) };
}

/**
 * An image of the book from where it is stored, or null when it is not there. Reading it once now
 * gives its type (and proves it is there before the first byte of the export is sent); the bytes
 * are dropped and read again when written. `describe` names the image in an error.
 */
export async function storedImage(
  read: () => Promise<StoredBlob | null>,
  describe: string,
): Promise<ExportImage | null> {
  const found = await read();
  if (!found) return null;
  return {
    contentType: found.contentType,
    read: async () => {
      const again = await read();
      // Blobs are never deleted while a book exists; one gone mid-export is a broken invariant.
      if (!again) throw new Error(`${describe} vanished during export`);
      return again.bytes;
    },
  };
}
