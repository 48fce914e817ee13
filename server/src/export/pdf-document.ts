import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import type { ExportBook } from './export-book';
import { bodyOf, type ExportBody } from './export-body';
import { htmlPieces, sectionIds } from './html-document';
import { extensionOf, packageImages } from './package-images';
import { setPdfDates } from './pdf-dates';
import { PdfReadError, readSectionPages } from './pdf-destinations';
import { isAsPlanned, planPages, type PagePlan } from './pdf-page-plan';
import { printStyle } from './pdf-print-css';

export interface PdfOptions {
  /** Chromium to print with (default: Debian's `/usr/bin/chromium`). */
  chromiumPath?: string;
}

const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Every image type Chromium shows: the PDF loses no figure. */
const PDF_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
/** How much of the PDF is asked of Chromium at a time. */
const PDF_READ_BYTES = 1024 * 1024;

/** Prints made before the pages must have settled: the first, the planned one, one correction. */
const MAX_PRINTS = 3;

/**
 * The book as a PDF for print: the HTML export paged by Debian's Chromium itself (trim size, page
 * numbers and running heads from CSS paged media), with the repo's Literata fonts embedded, a
 * document outline and tags. What CSS cannot yet ask of Chromium — a blank page where a chapter
 * would open on a left-hand page, the contents' page numbers — comes from a first print: it says
 * where each section starts (`readSectionPages`), the plan puts blanks and numbers in the page, and
 * the next print is checked against the plan (layout is deterministic, so it settles at once; a
 * print that does not is an error, never a contents page that lies). This replaced the Paged.js
 * polyfill, whose layout of 500 pages took 15 s and whose DOM took Chromium 10 s more to print.
 * One browser per export, closed when done (an export is rare; a warm browser would hold ~100 MB
 * all the time).
 *
 * The HTML is written to a temporary folder a chapter at a time with the images beside it as files
 * (one read at a time), Chromium loads it from there, and each print is read from Chromium in
 * slices into a file in the same folder; the process reads a print whole only to find its pages (a
 * 500-page book prints to ~3 MB). The PDF is made before this resolves, so a failure is still a
 * clean error; the body then streams the file, already unlinked (its folder is removed before this
 * resolves).
 */
export async function renderPdf(book: ExportBook, options: PdfOptions): Promise<ExportBody> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'wethink-pdf-'));
  try {
    const html = await writeBookFolder(book, dir);
    const pdf = path.join(dir, 'book.pdf');
    await printBook(html, sectionIds(book), pdf, options);
    await setPdfDates(pdf, book.modifiedAt);
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
    extraHead: printStyle(book),
    imageHref: (src) => images.get(src)?.path ?? null,
    coverSrc: cover,
    // Filled in once the pages are known; as wide now as then, so the contents keep their pages.
    afterContentsEntry: (id) => ` <span class="toc-page" data-section="${id}">0</span>`,
  });
  await pipeline(Readable.from(bodyOf(pieces)), fs.createWriteStream(file));
  return file;
}

/** Prints the book at `html` into `out`, with its sections (`ids`) on right-hand pages. */
async function printBook(html: string, ids: string[], out: string, options: PdfOptions): Promise<void> {
  const browser = await chromium.launch({
    executablePath: options.chromiumPath ?? DEFAULT_CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    // A string, not a function: the server's TypeScript has no DOM types (the page has them).
    await page.evaluate('document.fonts.ready.then(() => true)');
    const cdp = await page.context().newCDPSession(page);
    await printToFile(cdp, out);
    let printed = await readSectionPages(out, ids);
    let applied: readonly boolean[] = ids.map(() => false);
    for (let prints = 2; prints <= MAX_PRINTS; prints++) {
      const plan = planPages(printed, applied);
      await applyPlan(page, ids, plan);
      applied = plan.blankBefore;
      await printToFile(cdp, out);
      printed = await readSectionPages(out, ids);
      if (isAsPlanned(printed, plan)) return;
    }
    throw new PdfReadError(`the book's pages did not settle in ${MAX_PRINTS} prints`);
  } finally {
    await browser.close();
  }
}

/** Puts `plan` in the page: blank pages before the sections it says, the contents' numbers. */
async function applyPlan(page: Page, ids: string[], plan: PagePlan): Promise<void> {
  const apply = `(${APPLY_PLAN})(${JSON.stringify({ ids, ...plan })})`;
  await page.evaluate(apply);
}

/** Runs in the page: idempotent, so a correction replaces the plan before it. */
const APPLY_PLAN = `({ ids, blankBefore, starts }) => {
  for (const blank of document.querySelectorAll('.blank-page')) blank.remove();
  ids.forEach((id, index) => {
    if (blankBefore[index]) {
      const blank = document.createElement('div');
      blank.className = 'blank-page';
      document.getElementById(id).before(blank);
    }
    for (const slot of document.querySelectorAll('.toc-page[data-section="' + id + '"]')) {
      slot.textContent = String(starts[index]);
    }
  });
  return true;
}`;

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
