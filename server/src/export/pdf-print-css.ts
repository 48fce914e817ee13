import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExportBook } from './export-book';
import { chapterAnchor } from './html-document';

// The fonts are in server/assets: two folders up from this file in the source (src/export/), one
// up from the bundle `pnpm start` runs (dist/main.js). Resolving only the first made every PDF
// export of a built server fail (found by the export bench).
const FONTS_DIR = ['../../assets/fonts/literata/', '../assets/fonts/literata/']
  .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
  .find((dir) => fs.existsSync(path.join(dir, 'OFL.txt')))!;

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
 * Print rules Chromium applies itself (named pages and page-margin boxes, Chromium 131 and later): a
 * 6×9 in trim, page numbers in the footer (none on the cover, title and blank pages), each section
 * on a page of its own. Which sections get a blank page before them, so that they open on a
 * right-hand page, and the contents' page numbers are filled in by the renderer from a first print.
 * Long unbroken words wrap: one would otherwise make Chromium shrink every page to fit it.
 */
const PRINT_CSS = `
@page { size: 6in 9in; margin: 0.8in 0.7in 0.9in 0.7in;
  @top-center { font-family: "Literata", serif; font-size: 9pt; font-style: italic; }
  @bottom-center { content: counter(page); font-family: "Literata", serif; font-size: 9pt; } }
@page title { @bottom-center { content: none; } }
@page blank { @bottom-center { content: none; } }
@page cover { margin: 0.3in; @bottom-center { content: none; } }
.cover { page: cover; break-after: page; }
.cover-image img { max-height: 8.3in; }
.title-page, .verso-page { page: title; break-after: page; }
.blank-page { page: blank; break-before: page; height: 1px; }
.contents { break-after: page; }
.contents a { color: inherit; text-decoration: none; }
.toc-page { display: inline-block; width: 3em; }
.chapter, .contributors, .comments-appendix { break-before: page; }
body { max-width: none; padding: 0; font-size: 11pt; overflow-wrap: break-word; }
h1, h2, h3, h4 { break-after: avoid; }
figure { break-inside: avoid; }
a { color: inherit; }
`;

/** Text as a CSS string: anything but letters, digits and plain punctuation as a hex escape. */
export function cssString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (/[\p{L}\p{N} ,.:;!?()'-]/u.test(char)) out += char;
    else out += `\\${(code === 0 ? 0xfffd : code).toString(16)} `;
  }
  return `${out}"`;
}

/** Each chapter's pages as a named page whose running head is the chapter's title. */
function runningHeads(book: ExportBook): string {
  return book.chapters
    .map((chapter, index) => {
      const name = chapterAnchor(index);
      return `#${name} { page: ${name}; }\n@page ${name} { @top-center { content: ${cssString(chapter.title)}; } }`;
    })
    .join('\n');
}

/** The style the PDF's HTML carries on top of the book's own: fonts, pages, running heads. */
export function printStyle(book: ExportBook): string {
  return `<style>${fontFaces()}\n${PRINT_CSS}\n${runningHeads(book)}</style>\n`;
}
