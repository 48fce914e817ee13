import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { ExportBook } from './export-book';
import { renderHtml } from './html-document';

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

/**
 * The book as a PDF for print: the HTML export laid out into pages by Paged.js in Debian's
 * Chromium, with the repo's Literata fonts embedded, a document outline and tags. One browser per
 * export, closed when done (an export is rare; a warm browser would hold ~100 MB all the time).
 */
export async function renderPdf(book: ExportBook, options: PdfOptions): Promise<Uint8Array> {
  const html = renderHtml(book, {
    extraHead: `<style>${fontFaces()}\n${PRINT_CSS}</style>\n<script>window.PagedConfig = { auto: false };</script>\n`,
  });
  const browser = await chromium.launch({
    executablePath: options.chromiumPath ?? DEFAULT_CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.addScriptTag({ path: PAGED_POLYFILL });
    // A string, not a function: the server's TypeScript has no DOM types (the page has them).
    await page.evaluate('document.fonts.ready.then(() => window.PagedPolyfill.preview()).then(() => true)');
    return await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: true, tagged: true });
  } finally {
    await browser.close();
  }
}
