import type { ExportImage } from './export-image';

/** An image as a file inside a package (EPUB, Markdown zip): its path there and its bytes. */
export interface PackagedImage {
  /** Relative to the package's content folder, e.g. `images/3f9c….png`. */
  path: string;
  contentType: string;
  /** The bytes, read when the package writes this file. */
  read(): Promise<Uint8Array>;
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/**
 * Files for the images of a book, named after the last segment of their `src` (the blob's id, so
 * the same image is one file however often it appears) and sorted by path, so the package is the
 * same bytes every time. Types outside `accepted` are skipped: their figures keep the alt text.
 */
export function packageImages(
  images: ReadonlyMap<string, ExportImage> | undefined,
  accepted: ReadonlySet<string>,
): Map<string, PackagedImage> {
  const bySrc = new Map<string, PackagedImage>();
  for (const [src, image] of images ?? []) {
    const extension = EXTENSIONS[image.contentType];
    if (!extension || !accepted.has(image.contentType)) continue;
    const id = src.slice(src.lastIndexOf('/') + 1).replace(/[^A-Za-z0-9_-]/g, '_');
    bySrc.set(src, { path: `images/${id}.${extension}`, contentType: image.contentType, read: image.read });
  }
  return new Map([...bySrc].sort(([, a], [, b]) => a.path.localeCompare(b.path)));
}

/** The extension a cover image's file gets. */
export function extensionOf(contentType: string): string {
  const extension = EXTENSIONS[contentType];
  if (!extension) throw new RangeError(`no file extension for ${contentType}`);
  return extension;
}
