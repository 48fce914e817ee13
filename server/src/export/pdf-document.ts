import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type CDPSession } from 'playwright-core';
import type { ExportBook } from './export-book';
import { bodyOf, type ExportBody } from './export-body';
import { htmlPieces } from './html-document';
import { extensionOf, packageImages } from './package-images';

export interface PdfOptions {
  /** Chromium to print with (default: Debian's `/usr/bin/chromium`). */
  chromiumPath?: string;
}

const DEFAULT_CHROMIUM = '/usr/bin/chromium';
// The fonts are in server/assets: two folders up from this file in the source (src/export/), one
// up from the bundle `pnpm start` runs (dist/main.js). Resolving only the first made every PDF
// export of a built server fail (found by the export bench).
const FONTS_DIR = ['../../assets/fonts/literata/', '../assets/fonts/literata/']
  .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
  .find((dir) => fs.existsSync(path.join(dir, 'OFL.txt')))!;
// pagedjs exports its polyfill under a custom condition only: find it beside the package's main file.
const PAGED_POLYFILL = path.join(
  path.dirname(createRequire(import.meta.url).resolve('pagedjs')),
  '../dist/paged.polyfill.js',
);

/** Google Fonts' subsets of Literata that the repo ships (SIL OFL 1.1, assets/fonts/literata/OFL.txt). */
const SUBSETS = {
  latin:
    'U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD',
  'latin-ext':
    'U+0100-02BA, U+02BD-02C5, U+02C7-02CC, U+02CE-02D7, U+02DD-02FF, U+1D00-1DBF, U+1E00-1E9F, U+1EF2-1EFF, U+2020, U+20A0-20AB, U+20AD-20C0, U+2113, U+2C60-2C7F, U+A720-A7FF',
} as const;

/** @font-face rules with the font files inlined: the page loads nothing from outside. */
function fontFaces(): string {
  const rules: string[] = [];
  for (const [subset, range] of Object.entries(SUBSETS)) {
    for (const weight of [400, 700]) {
      for (const style of ['normal', 'italic']) {
        const file = path.join(FONTS_DIR, `literata-${subset}-${weight}-${style}.woff2`);
        const data = fs.readFileSync(file).toString('base64');
        rules.push(
          `@font-face { font-family: "Literata"; font-style: ${style}; font-weight: ${weight}; ` +
            `src: url(data:font/woff2;base64,${data}) format("woff2"); unicode-range: ${range}; }`,
        );
      }
    }
  }
  return rules.join('\n');
}

/**
 * Print rules for Paged.js: a 6×9 in trim, chapters on right-hand pages, the chapter's title as the
 * running head, page numbers in the footer (none on the title page), and the contents' page numbers
 * from `target-counter`.
 */
const PRINT_CSS = `
@page { size: 6in 9in; margin: 0.8in 0.7in 0.9in 0.7in;
  @top-center { content: string(chapter-title); font-family: "Literata", serif; font-size: 9pt; font-style: italic; }
  @bottom-center { content: counter(page); font-family: "Literata", serif; font-size: 9pt; } }
@page title { @top-center { content: none; } @bottom-center { content: none; } }
@page cover { margin: 0.3in; @top-center { content: none; } @bottom-center { content: none; } }
.cover { page: cover; break-after: page; }
.cover-image img { max-height: 8.3in; }
.verso-page { page: title; break-after: page; }
.comments-appendix { break-before: right; }
body { max-width: none; padding: 0; font-size: 11pt; }
.title-page { page: title; break-after: page; }
.contents { break-after: page; }
.contents a::after { content: " " target-counter(attr(href), page); }
.contents a { color: inherit; text-decoration: none; }
.chapter { break-before: right; }
.chapter-title { string-set: chapter-title content(text); }
.contributors { break-before: right; }
a { color: inherit; }
`;

/** Every image type Chromium shows: the PDF loses no figure. */
const PDF_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
/** How much of the PDF is asked of Chromium at a time. */
const PDF_READ_BYTES = 1024 * 1024;

/**
 * The book as a PDF for print: the HTML export laid out into pages by Paged.js in Debian's
 * Chromium, with the repo's Literata fonts embedded, a document outline and tags. One browser per
 * export, closed when done (an export is rare; a warm browser would hold ~100 MB all the time).
 *
 * Nothing large passes through this process's memory: the HTML is written to a temporary folder a
 * chapter at a time with the images beside it as files (one read at a time), Chromium loads it
 * from there, and the PDF is read from Chromium in slices into a file in the same folder. The
 * whole PDF is made before this resolves, so a failure is still a clean error; the body then
 * streams the file, already unlinked (its folder is removed before this resolves).
 */
export async function renderPdf(book: ExportBook, options: PdfOptions): Promise<ExportBody> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'wethink-pdf-'));
  try {
    const html = await writeBookFolder(book, dir);
    const pdf = path.join(dir, 'book.pdf');
    await printPdf(html, pdf, options);
    // The folder goes now and the open file with it once closed: nothing is left on disk whether
    // the body is read to the end or abandoned (one never started holds the file until the handle
    // is garbage-collected).
    return pdfBody(await fs.promises.open(pdf));
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}

async function* pdfBody(file: fs.promises.FileHandle): ExportBody {
  try {
    yield* bodyOf(file.createReadStream({ autoClose: false }));
  } finally {
    await file.close();
  }
}

/** The book's HTML and its images as files in `dir`; resolves to the HTML file's path. */
async function writeBookFolder(book: ExportBook, dir: string): Promise<string> {
  const images = packageImages(book.images, PDF_IMAGE_TYPES);
  await fs.promises.mkdir(path.join(dir, 'images'));
  for (const image of images.values()) {
    await fs.promises.writeFile(path.join(dir, image.path), await image.read());
  }
  const cover = book.cover ? `images/cover.${extensionOf(book.cover.contentType)}` : null;
  if (book.cover && cover) await fs.promises.writeFile(path.join(dir, cover), await book.cover.read());
  const file = path.join(dir, 'book.html');
  const pieces = htmlPieces(book, {
    extraHead: `<style>${fontFaces()}\n${PRINT_CSS}</style>\n<script>window.PagedConfig = { auto: false };</script>\n`,
    imageHref: (src) => images.get(src)?.path ?? null,
    coverSrc: cover,
  });
  await pipeline(Readable.from(bodyOf(pieces)), fs.createWriteStream(file));
  return file;
}

async function printPdf(html: string, out: string, options: PdfOptions): Promise<void> {
  const browser = await chromium.launch({
    executablePath: options.chromiumPath ?? DEFAULT_CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    await page.addScriptTag({ path: PAGED_POLYFILL });
    // A string, not a function: the server's TypeScript has no DOM types (the page has them).
    await page.evaluate('document.fonts.ready.then(() => window.PagedPolyfill.preview()).then(() => true)');
    await printToFile(await page.context().newCDPSession(page), out);
  } finally {
    await browser.close();
  }
}

/**
 * Chrome DevTools Protocol's `Page.printToPDF` with the PDF handed over as a stream, read in slices
 * into `out`. Playwright's `page.pdf` asks for the same but gathers the whole PDF into one buffer;
 * the parameters are the ones it sends for `{ preferCSSPageSize, printBackground, outline, tagged }`.
 */
async function printToFile(cdp: CDPSession, out: string): Promise<void> {
  const { stream } = await cdp.send('Page.printToPDF', {
    transferMode: 'ReturnAsStream',
    printBackground: true,
    preferCSSPageSize: true,
    paperWidth: 8.5,
    paperHeight: 11,
    marginTop: 0,
    marginBottom: 0,
    marginLeft: 0,
    marginRight: 0,
    generateTaggedPDF: true,
    generateDocumentOutline: true,
  });
  if (!stream) throw new Error('Chromium returned no PDF stream');
  const file = await fs.promises.open(out, 'w');
  try {
    for (;;) {
      const { data, base64Encoded, eof } = await cdp.send('IO.read', {
        handle: stream,
        size: PDF_READ_BYTES,
      });
      await file.write(Buffer.from(data, base64Encoded ? 'base64' : 'utf8'));
      if (eof) break;
    }
  } finally {
    await file.close();
    await cdp.send('IO.close', { handle: stream });
  }
}
