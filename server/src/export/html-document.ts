import { BOOK_CSS, contentsXhtml, contributorsXhtml, titlePageXhtml } from './book-pages';
import { chapterXhtml, dataUrl, EXPORT_ONLY_ATTRIBUTE, footnotesXhtml, inlineImages } from './chapter-xhtml';
import { commentsAppendixXhtml, coverXhtml, versoXhtml } from './extra-pages';
import type { ExportBook } from './export-book';
import { escapeAttribute, escapeText } from './xml-text';

/** Extra markup a caller puts into the document (the PDF renderer adds fonts and print rules). */
export interface HtmlDocumentOptions {
  extraHead?: string;
}

/**
 * The book as one self-contained HTML file: title page, contents, chapters in the book's order
 * (each with its footnotes after it), and the contributors page. No scripts, no external
 * resources. Everything but the chapters is marked export-only, so the file imports back as them.
 */
export function renderHtml(book: ExportBook, options: HtmlDocumentOptions = {}): string {
  const exportOnly = `${EXPORT_ONLY_ATTRIBUTE}="true"`;
  const out: string[] = [
    '<!DOCTYPE html>\n',
    `<html lang="${escapeAttribute(book.language)}">\n<head>\n<meta charset="utf-8"/>\n`,
    `<title>${escapeText(book.title)}</title>\n`,
    `<meta name="generator" content="wethink"/>\n`,
    `<meta name="identifier" content="${escapeAttribute(book.identifier)}"/>\n`,
    `<style>${BOOK_CSS}</style>\n${options.extraHead ?? ''}</head>\n<body>\n`,
    book.cover
      ? `<section class="cover" ${exportOnly}>\n${coverXhtml(dataUrl(book.cover), book.title)}</section>\n`
      : '',
    `<section class="title-page" ${exportOnly}>\n${titlePageXhtml(book)}</section>\n`,
    `<section class="verso-page" ${exportOnly}>\n${versoXhtml(book)}</section>\n`,
    `<nav class="contents" ${exportOnly}>\n<h2>Contents</h2>\n`,
    contentsXhtml(book, (index) => (index < 0 ? '#contributors' : `#chapter-${index + 1}`), '#comments'),
    '</nav>\n',
  ];
  let nextNote = 1;
  book.chapters.forEach((chapter, index) => {
    const { body, notes } = chapterXhtml(chapter.doc, {
      firstNote: nextNote,
      isEpub: false,
      imageHref: inlineImages(book.images),
    });
    nextNote += notes.length;
    out.push(
      `<section class="chapter" id="chapter-${index + 1}">\n<h1 class="chapter-title">${escapeText(chapter.title)}</h1>\n`,
      body,
      footnotesXhtml(notes, false),
      '</section>\n',
    );
  });
  out.push(
    `<section class="contributors" id="contributors" ${exportOnly}>\n${contributorsXhtml(book.contributors, book.comments !== null)}</section>\n`,
    book.comments
      ? `<section class="comments-appendix" id="comments" ${exportOnly}>\n${commentsAppendixXhtml(book.comments)}</section>\n`
      : '',
    '</body>\n</html>\n',
  );
  return out.join('');
}
