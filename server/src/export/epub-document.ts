import { AppError } from '@wethink/shared';
import { BOOK_CSS, contentsXhtml, contributorsXhtml, titlePageXhtml } from './book-pages';
import { chapterXhtml, footnotesXhtml } from './chapter-xhtml';
import type { ExportBook } from './export-book';
import { chapterThreadsXhtml, coverXhtml, versoXhtml } from './extra-pages';
import { extensionOf, packageImages, type PackagedImage } from './package-images';
import { escapeAttribute, escapeText } from './xml-text';
import type { ExportBody } from './export-body';
import { zipStream, type ZipEntry } from './zip-stream';

// EPUB 3.3: mimetype first and stored, container.xml, a package document with the book's metadata,
// a navigation document, and one XHTML content document per chapter. Checked by epubcheck in
// server/test/export/epub-export.test.ts.

const XHTML = 'application/xhtml+xml';
/** EPUB 3.2's core image types (epubcheck 4.2 wants a fallback for any other, WebP included). */
const EPUB_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif']);
const chapterFile = (index: number): string => `chapter-${String(index + 1).padStart(3, '0')}.xhtml`;

function xhtmlPage(book: ExportBook, title: string, body: string): string {
  const lang = escapeAttribute(book.language);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n' +
    `<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="${lang}" lang="${lang}">\n` +
    `<head>\n<meta charset="utf-8"/>\n<title>${escapeText(title)}</title>\n` +
    '<link rel="stylesheet" type="text/css" href="style.css"/>\n</head>\n' +
    `<body>\n${body}</body>\n</html>\n`
  );
}

/** MARC relator codes: authors write (aut); reviewers review (rev); readers comment (cmm). */
function metadata(book: ExportBook): string {
  const out = [
    `<dc:identifier id="book-id">${escapeText(book.identifier)}</dc:identifier>`,
    `<dc:title>${escapeText(book.title)}</dc:title>`,
    `<dc:language>${escapeText(book.language)}</dc:language>`,
  ];
  book.contributors.authors.forEach((author, i) => {
    out.push(`<dc:creator id="creator-${i + 1}">${escapeText(author.name)}</dc:creator>`);
    out.push(`<meta refines="#creator-${i + 1}" property="role" scheme="marc:relators">aut</meta>`);
  });
  book.contributors.commenters.forEach((commenter, i) => {
    const role = commenter.role === 'reviewer' ? 'rev' : 'cmm';
    out.push(`<dc:contributor id="contributor-${i + 1}">${escapeText(commenter.name)}</dc:contributor>`);
    out.push(`<meta refines="#contributor-${i + 1}" property="role" scheme="marc:relators">${role}</meta>`);
  });
  out.push('<dc:publisher>wethink</dc:publisher>');
  out.push(
    `<meta property="dcterms:modified">${book.modifiedAt.toISOString().replace(/\.\d{3}Z$/, 'Z')}</meta>`,
  );
  return out.join('\n');
}

function packageDocument(book: ExportBook, files: EpubFiles): string {
  const pages = [
    ...(files.cover ? [{ id: 'cover', href: 'cover.xhtml' }] : []),
    { id: 'title-page', href: 'title.xhtml' },
    { id: 'verso', href: 'verso.xhtml' },
    { id: 'nav', href: 'nav.xhtml', properties: 'nav' },
    ...book.chapters.map((_, i) => ({ id: `chapter-${i + 1}`, href: chapterFile(i) })),
    { id: 'contributors', href: 'contributors.xhtml' },
    ...(book.comments ? [{ id: 'comments', href: 'comments.xhtml' }] : []),
  ];
  const manifest = pages.map(
    (page) =>
      `<item id="${page.id}" href="${page.href}" media-type="${XHTML}"${'properties' in page ? ` properties="${page.properties}"` : ''}/>`,
  );
  manifest.push('<item id="style" href="style.css" media-type="text/css"/>');
  if (files.cover) {
    manifest.push(
      `<item id="cover-image" href="${files.cover.path}" media-type="${files.cover.contentType}" properties="cover-image"/>`,
    );
  }
  [...files.images.values()].forEach((image, i) =>
    manifest.push(`<item id="image-${i + 1}" href="${image.path}" media-type="${image.contentType}"/>`),
  );
  const spine = pages.map((page) => `<itemref idref="${page.id}"/>`);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="${escapeAttribute(book.language)}">\n` +
    `<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n${metadata(book)}\n</metadata>\n` +
    `<manifest>\n${manifest.join('\n')}\n</manifest>\n<spine>\n${spine.join('\n')}\n</spine>\n</package>\n`
  );
}

const CONTAINER =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n' +
  '<rootfiles>\n<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>\n</rootfiles>\n' +
  '</container>\n';

/** The images an EPUB carries: the cover (EPUB 3's `cover-image`) and figures' images by `src`. */
interface EpubFiles {
  cover: PackagedImage | null;
  images: Map<string, PackagedImage>;
}

function epubFiles(book: ExportBook): EpubFiles {
  if (book.cover && !EPUB_IMAGE_TYPES.has(book.cover.contentType)) {
    throw new AppError(
      'invalid-request',
      `bad export options: cover: an EPUB cover must be PNG, JPEG or GIF, not ${book.cover.contentType}`,
    );
  }
  return {
    cover: book.cover ? { ...book.cover, path: `images/cover.${extensionOf(book.cover.contentType)}` } : null,
    images: packageImages(book.images, EPUB_IMAGE_TYPES),
  };
}

/**
 * The book as an EPUB 3 file (a zip): byte-identical for the same book, text and time. What can be
 * refused (a cover EPUB cannot show) is refused here, before the first byte; the entries are then
 * made one at a time as the zip is written, each image read from storage when its turn comes.
 */
export function renderEpub(book: ExportBook): ExportBody {
  const files = epubFiles(book);
  return zipStream(epubEntries(book, files));
}

function* frontEntries(book: ExportBook, files: EpubFiles): Generator<ZipEntry> {
  yield { path: 'mimetype', data: 'application/epub+zip', isStored: true };
  yield { path: 'META-INF/container.xml', data: CONTAINER };
  yield { path: 'OEBPS/content.opf', data: packageDocument(book, files) };
  yield { path: 'OEBPS/style.css', data: BOOK_CSS };
}

async function* epubEntries(book: ExportBook, files: EpubFiles): AsyncGenerator<ZipEntry> {
  yield* frontEntries(book, files);
  if (files.cover) {
    yield { path: `OEBPS/${files.cover.path}`, data: await files.cover.read(), isCompressed: true };
    const cover = `<section epub:type="cover">\n${coverXhtml(files.cover.path, book.title)}</section>\n`;
    yield { path: 'OEBPS/cover.xhtml', data: xhtmlPage(book, 'Cover', cover) };
  }
  for (const image of files.images.values()) {
    yield { path: `OEBPS/${image.path}`, data: await image.read(), isCompressed: true };
  }
  const verso = `<section epub:type="copyright-page">\n${versoXhtml(book)}</section>\n`;
  yield { path: 'OEBPS/verso.xhtml', data: xhtmlPage(book, 'About this edition', verso) };
  const title = `<section epub:type="titlepage">\n${titlePageXhtml(book)}</section>\n`;
  yield { path: 'OEBPS/title.xhtml', data: xhtmlPage(book, book.title, title) };
  const contents = contentsXhtml(
    book,
    (i) => (i < 0 ? 'contributors.xhtml' : chapterFile(i)),
    'comments.xhtml',
  );
  const nav = `<nav epub:type="toc" id="toc">\n<h1>Contents</h1>\n${contents}</nav>\n`;
  yield { path: 'OEBPS/nav.xhtml', data: xhtmlPage(book, 'Contents', nav) };
  let nextNote = 1;
  for (const [index, chapter] of book.chapters.entries()) {
    const { body, notes } = chapterXhtml(chapter.doc, {
      firstNote: nextNote,
      isEpub: true,
      imageHref: (src) => files.images.get(src)?.path ?? null,
    });
    nextNote += notes.length;
    const section =
      `<section epub:type="chapter" id="chapter-${index + 1}">\n<h1>${escapeText(chapter.title)}</h1>\n` +
      `${body}${footnotesXhtml(notes, true)}</section>\n`;
    yield { path: `OEBPS/${chapterFile(index)}`, data: xhtmlPage(book, chapter.title, section) };
  }
  const credits = contributorsXhtml(book.contributors, book.comments !== null);
  const contributors = `<section epub:type="acknowledgments">\n${credits}</section>\n`;
  yield { path: 'OEBPS/contributors.xhtml', data: xhtmlPage(book, 'Contributors', contributors) };
  if (book.comments) {
    const sections = book.comments.map((chapter) => `<section>\n${chapterThreadsXhtml(chapter)}</section>\n`);
    const appendix = `<section epub:type="appendix">\n<h1>Appendix: comments</h1>\n${sections.join('')}</section>\n`;
    yield { path: 'OEBPS/comments.xhtml', data: xhtmlPage(book, 'Appendix: comments', appendix) };
  }
}
