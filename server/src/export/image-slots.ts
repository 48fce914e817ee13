import { randomBytes } from 'node:crypto';
import type { ExportImage } from './export-image';

/** Base64 turns 3 bytes into 4 characters: slices of a multiple of 3 encode without padding between. */
const BASE64_SLICE_BYTES = 3 * 64 * 1024;

/**
 * Inline images (`data:` URLs) for files that must stand alone (HTML, one-file Markdown) without
 * holding every image in one string: the text is rendered with a placeholder where each image goes
 * (`href`), and `fill` writes it out with each image read and base64-encoded in slices only when
 * its placeholder is reached. A placeholder carries a random token made for this export, so no
 * book text can look like one; it never reaches the file, so the output is the same bytes every time.
 */
export class ImageSlots {
  private readonly token = `wethink-image-${randomBytes(16).toString('hex')}-`;
  private readonly pattern = new RegExp(`${this.token}(\\d+)-`, 'g');
  private readonly slots: ExportImage[] = [];
  private readonly slotOf = new Map<string, number>();

  constructor(private readonly images: ReadonlyMap<string, ExportImage> | undefined) {}

  /** The placeholder for a figure's image (`imageHref`), or null when there is no image to show. */
  readonly href = (src: string): string | null => {
    const image = this.images?.get(src);
    return image ? this.placeholder(src, image) : null;
  };

  /** A placeholder for an image that is not a figure's (the cover). */
  placeholder(key: string, image: ExportImage): string {
    let slot = this.slotOf.get(key);
    if (slot === undefined) {
      slot = this.slots.push(image) - 1;
      this.slotOf.set(key, slot);
    }
    return `${this.token}${slot}-`;
  }

  /** The text with each placeholder replaced by its image's `data:` URL, in pieces. */
  async *fill(text: string): AsyncGenerator<string | Uint8Array> {
    let last = 0;
    for (const match of text.matchAll(this.pattern)) {
      yield text.slice(last, match.index);
      yield* dataUrl(this.slots[Number(match[1])]!);
      last = match.index + match[0].length;
    }
    yield text.slice(last);
  }
}

/** An image as a `data:` URL, encoded a slice at a time. */
async function* dataUrl(image: ExportImage): AsyncGenerator<string> {
  yield `data:${image.contentType};base64,`;
  const bytes = await image.read();
  for (let offset = 0; offset < bytes.byteLength; offset += BASE64_SLICE_BYTES) {
    const slice = bytes.subarray(offset, offset + BASE64_SLICE_BYTES);
    yield Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength).toString('base64');
  }
}
