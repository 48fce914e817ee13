import { BOOK_CSS, contentsXhtml, contributorsXhtml, titlePageXhtml } from './book-pages';
import { chapterXhtml, EXPORT_ONLY_ATTRIBUTE, footnotesXhtml } from './chapter-xhtml';
import { commentsAppendixXhtml, coverXhtml, versoXhtml } from './extra-pages';
import type { ExportBook } from './export-book';
import { bodyOf, type ExportBody } from './export-body';
import { ImageSlots } from './image-slots';
import { escapeAttribute, escapeText } from './xml-text';

/** How a caller places the document's images, and what it adds to the head. */
export interface HtmlDocumentOptions {
  /** Extra markup in the head (the PDF renderer adds fonts and print rules). */
  extraHead?: string;
  /** Where a figure's image is; null: its alt text shows. */
  imageHref: (src: string) => string | null;
  /** Where the cover image is (null: no cover page). */
  coverSrc: string | null;
  /** Markup after each entry of the contents, given the id of the section it links to. */
  afterContentsEntry?: (sectionId: string) => string;
}

const CONTRIBUTORS_ID = 'contributors';
const APPENDIX_ID = 'comments';

/** The id of a chapter's section, by its place in the book. */
export const chapterAnchor = (index: number) => `chapter-${index + 1}`;

/** The ids of the sections after the contents, in order: the chapters, contributors, the appendix. */
export function sectionIds(book: ExportBook): string[] {
  const ids = book.chapters.map((_, index) => chapterAnchor(index));
  ids.push(CONTRIBUTORS_ID);
  if (book.comments) ids.push(APPENDIX_ID);
  return ids;
}

/**
 * The book as HTML, a piece at a time: title page, contents, chapters in the book's order (each
 * with its footnotes after it, rendered only when reached), and the contributors page. No
 * scripts. Everything but the chapters is marked export-only, so the file imports back as them.
 */
export function* htmlPieces(book: ExportBook, options: HtmlDocumentOptions): Generator<string> {
  const exportOnly = `${EXPORT_ONLY_ATTRIBUTE}="true"`;
  yield (
    '<!DOCTYPE html>\n' +
    `<html lang="${escapeAttribute(book.language)}">\n<head>\n<meta charset="utf-8"/>\n` +
    `<title>${escapeText(book.title)}</title>\n` +
    `<meta name="generator" content="wethink"/>\n` +
    `<meta name="identifier" content="${escapeAttribute(book.identifier)}"/>\n` +
    `<style>${BOOK_CSS}</style>\n${options.extraHead ?? ''}</head>\n<body>\n`
  );
  if (options.coverSrc !== null) {
    yield `<section class="cover" ${exportOnly}>\n${coverXhtml(options.coverSrc, book.title)}</section>\n`;
  }
  yield (
    `<section class="title-page" ${exportOnly}>\n${titlePageXhtml(book)}</section>\n` +
    `<section class="verso-page" ${exportOnly}>\n${versoXhtml(book)}</section>\n` +
    `<nav class="contents" ${exportOnly}>\n<h2>Contents</h2>\n` +
    contentsXhtml(
      book,
      (index) => `#${index < 0 ? CONTRIBUTORS_ID : chapterAnchor(index)}`,
      `#${APPENDIX_ID}`,
      options.afterContentsEntry && ((href) => options.afterContentsEntry!(href.slice(1))),
    ) +
    '</nav>\n'
  );
  let nextNote = 1;
  for (const [index, chapter] of book.chapters.entries()) {
    const { body, notes } = chapterXhtml(chapter.doc, {
      firstNote: nextNote,
      isEpub: false,
      imageHref: options.imageHref,
    });
    nextNote += notes.length;
    yield (
      `<section class="chapter" id="${chapterAnchor(index)}">\n<h1 class="chapter-title">${escapeText(chapter.title)}</h1>\n` +
      body +
      footnotesXhtml(notes, false) +
      '</section>\n'
    );
  }
  yield `<section class="contributors" id="${CONTRIBUTORS_ID}" ${exportOnly}>\n${contributorsXhtml(book.contributors, book.comments !== null)}</section>\n`;
  if (book.comments) {
    yield `<section class="comments-appendix" id="${APPENDIX_ID}" ${exportOnly}>\n${commentsAppendixXhtml(book.comments)}</section>\n`;
  }
  yield '</body>\n</html>\n';
}

/**
 * The book as one self-contained HTML file, images inline as `data:` URLs (so the one file loses
 * nothing), written a piece at a time: each chapter rendered and each image read when reached.
 */
export function renderHtml(book: ExportBook): ExportBody {
  const slots = new ImageSlots(book.images);
  const pieces = htmlPieces(book, {
    imageHref: slots.href,
    coverSrc: book.cover ? slots.placeholder('cover', book.cover) : null,
  });
  return bodyOf(
    (async function* () {
      for (const piece of pieces) yield* slots.fill(piece);
    })(),
  );
}
