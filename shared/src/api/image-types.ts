/** `POST /api/books/<book>/images` (the image as the raw body) answers 201 with this. */
export interface UploadedImage {
  /** SHA-256 of the bytes, hex: the same image uploaded twice is one file. */
  id: string;
  /** Where members read it: `/api/books/<book>/images/<id>`. */
  src: string;
  contentType: ImageType;
  bytes: number;
}

/** The image types accepted, decided from the file's first bytes, never its name or stated type. */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** Larger images are refused with 413. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

const IMAGE_SRC = /^\/api\/books\/[A-Za-z0-9_-]{1,64}\/images\/[0-9a-f]{64}$/;

/** Whether `src` is an image stored by this server (figures show nothing else: no outside tracking). */
export function isBookImageSrc(src: unknown): src is string {
  return typeof src === 'string' && IMAGE_SRC.test(src);
}

export function bookImageSrc(bookId: string, id: string): string {
  return `/api/books/${bookId}/images/${id}`;
}
