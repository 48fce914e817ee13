import { ImageRun } from 'docx';
import { imageSize } from 'image-size';
import type { ExportBook } from './export-book';
import type { ExportImage } from './export-image';

const DOCX_IMAGE_TYPES: Readonly<Record<string, 'png' | 'jpg' | 'gif'>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
};
/** The text width of docx's default page (Letter, 1 in margins): 6.5 in at 96 pixels to the inch. */
const MAX_WIDTH_PX = 624;

/**
 * An image as the Word document refers to it. `docx` builds the whole package in memory, so it is
 * given a small stand-in (`placeholder`, the image's key as bytes: the same image is one media
 * file, named by docx from the stand-in's hash, so the same on every export) and the real bytes
 * replace the stand-in's media file as the package is written (see docx-document.ts).
 */
export interface DocxImage {
  type: 'png' | 'jpg' | 'gif';
  width: number;
  height: number;
  placeholder: Uint8Array;
  image: ExportImage;
}

export interface DocxImages {
  /** Figures' images Word can show, by `src` (WebP is not among them: alt text instead). */
  figures: ReadonlyMap<string, DocxImage>;
  cover: DocxImage | null;
  /** The image whose stand-in these bytes are, if they are one. */
  imageOf(media: Uint8Array): ExportImage | undefined;
}

/**
 * Measures each image Word can take, reading one at a time (only its size is kept): Word lays an
 * image out by the size the document gives it.
 */
export async function docxImages(book: ExportBook): Promise<DocxImages> {
  const byPlaceholder = new Map<string, ExportImage>();
  const measure = async (key: string, image: ExportImage): Promise<DocxImage | null> => {
    const type = DOCX_IMAGE_TYPES[image.contentType];
    if (!type) return null;
    const size = imageSize(await image.read());
    const placeholder = new TextEncoder().encode(`wethink-docx-image\n${key}`);
    byPlaceholder.set(Buffer.from(placeholder).toString('latin1'), image);
    return { type, width: size.width, height: size.height, placeholder, image };
  };
  const figures = new Map<string, DocxImage>();
  for (const [src, image] of book.images ?? []) {
    const measured = await measure(`figure ${src}`, image);
    if (measured) figures.set(src, measured);
  }
  const cover = book.cover ? await measure('cover', book.cover) : null;
  return {
    figures,
    cover,
    imageOf: (media) =>
      media.byteLength < 4096 ? byPlaceholder.get(Buffer.from(media).toString('latin1')) : undefined,
  };
}

/** An inline image at its own size, shrunk to the text width; null when Word cannot take it. */
export function docxImage(image: DocxImage | null | undefined, alt: string): ImageRun | null {
  if (!image) return null;
  const scale = Math.min(1, MAX_WIDTH_PX / image.width);
  return new ImageRun({
    type: image.type,
    data: image.placeholder,
    transformation: { width: Math.round(image.width * scale), height: Math.round(image.height * scale) },
    altText: { name: alt || 'image', description: alt, title: alt },
  });
}
