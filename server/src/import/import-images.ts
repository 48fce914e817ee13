import { createHash } from 'node:crypto';
import { AppError, MAX_IMAGE_BYTES, bookImageSrc, type ImageType } from '@wethink/shared';
import { imageTypeOf } from '../figures/image-type';
import type { ImportReport } from './import-report';

/** The book id in a figure's `src` until the imported book is known (a valid id, never a real one). */
const PENDING_BOOK = 'wethink-import-pending';

/**
 * The images a manuscript brings (DOCX pictures through mammoth, HTML `data:` images), checked as
 * an upload is (by their bytes: PNG, JPEG, GIF or WebP; SVG refused as it can carry script; at
 * most MAX_IMAGE_BYTES) and held until the book exists. A figure points at its image by the id
 * the blob store will give it (the SHA-256 of its bytes) under a stand-in book id, which
 * `srcFor` turns into the book's own address once stored. What is refused is counted.
 */
export class ImportImages {
  private readonly byId = new Map<string, Uint8Array>();

  constructor(private readonly report: ImportReport) {}

  /** The stand-in `src` for an image's bytes, or null when it is refused (and counted). */
  add(bytes: Uint8Array): string | null {
    if (bytes.byteLength > MAX_IMAGE_BYTES) {
      this.report.add(`image over ${MAX_IMAGE_BYTES / 1024 / 1024} MiB left out`);
      return null;
    }
    const type = this.typeOf(bytes);
    if (type === null) return null;
    const id = createHash('sha256').update(bytes).digest('hex');
    this.byId.set(id, bytes);
    return bookImageSrc(PENDING_BOOK, id);
  }

  private typeOf(bytes: Uint8Array): ImageType | null {
    try {
      return imageTypeOf(bytes);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const isSvg = error.message.startsWith('SVG');
      this.report.add(
        isSvg ? 'SVG image left out (it can carry script)' : 'image of an unknown type left out',
      );
      return null;
    }
  }

  /** Whether `src` is a stand-in made here. */
  isPending(src: string): boolean {
    return src.startsWith(bookImageSrc(PENDING_BOOK, ''));
  }

  /** The images held, by id. */
  entries(): IterableIterator<[string, Uint8Array]> {
    return this.byId.entries();
  }

  /** The book's own `src` for a stand-in (any other `src` is returned as it is). */
  srcFor(src: string, bookId: string): string {
    return this.isPending(src) ? bookImageSrc(bookId, src.slice(src.lastIndexOf('/') + 1)) : src;
  }
}

/** The bytes of a `data:` URL (base64 or percent-encoded), or null when `src` is not one. */
export function dataUrlBytes(src: string): Uint8Array | null {
  const match = /^data:([^,]*?)(;base64)?,(.*)$/s.exec(src.trim());
  if (!match) return null;
  const payload = match[3] ?? '';
  return match[2]
    ? Uint8Array.from(Buffer.from(payload, 'base64'))
    : new TextEncoder().encode(decodeURIComponent(payload));
}
