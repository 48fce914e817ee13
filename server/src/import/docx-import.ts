import { unzipSync } from 'fflate';
import mammoth from 'mammoth';
import type { Node } from 'prosemirror-model';
import { AppError } from '@wethink/shared';
import { parseHtml, REFUSED_IMAGE_SRC } from './html-import';
import type { ImportImages } from './import-images';
import type { ImportReport } from './import-report';

/** Most a DOCX may unpack to (the sizes its zip declares): a zip bomb is refused before mammoth reads it. */
export const MAX_DOCX_UNPACKED_BYTES = 200 * 1024 * 1024;

/**
 * How mammoth maps our export's styles (docx-document.ts): quotes become quotes, and what the
 * export added around the chapters (title, byline, credits, contents) is left out.
 */
const STYLE_MAP = [
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Book Title'] => !",
  "p[style-name='Book Byline'] => !",
  "p[style-name='Book Credits'] => !",
  "p[style-name='toc 1'] => !",
  "p[style-name='TOC1'] => !",
];

function checkPackage(bytes: Uint8Array): void {
  let unpacked = 0;
  try {
    unzipSync(bytes, {
      filter: (file) => {
        unpacked += file.originalSize;
        if (unpacked > MAX_DOCX_UNPACKED_BYTES) {
          throw new AppError(
            'payload-too-large',
            `the DOCX unpacks to more than ${MAX_DOCX_UNPACKED_BYTES} bytes`,
          );
        }
        return false;
      },
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      'invalid-request',
      'not a DOCX file (it is not a readable zip; encrypted files are not)',
      {
        cause: error,
      },
    );
  }
}

/** A Word document to a `doc` of the book schema, through mammoth's HTML. */
export async function parseDocx(
  bytes: Uint8Array,
  report: ImportReport,
  images?: ImportImages,
): Promise<{ title: string | null; doc: Node }> {
  checkPackage(bytes);
  let html: string;
  // Pictures go straight to the import's images (no base64 round trip through the HTML); without
  // image storage, mammoth's default inlines them and the HTML parser counts them.
  const convertImage = images
    ? mammoth.images.imgElement(async (image) => ({
        src: images.add(Uint8Array.from(await image.read())) ?? REFUSED_IMAGE_SRC,
      }))
    : undefined;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes) },
      { styleMap: STYLE_MAP, ...(convertImage ? { convertImage } : {}) },
    );
    html = result.value;
    const unrecognised = result.messages.filter((message) => message.type === 'warning').length;
    if (unrecognised > 0) report.add('Word formatting without an equivalent', unrecognised);
  } catch (error) {
    throw new AppError('invalid-request', 'not a readable DOCX file', { cause: error });
  }
  return { ...parseHtml(html, report, images), title: null };
}
