import type { Contributors, CreditedCommenter } from './contributors';
import type { ExportBook } from './export-book';
import { EXTRA_PAGES_CSS } from './extra-pages';
import { escapeText } from './xml-text';

// The pages an export adds around the chapters, as XHTML bodies that HTML, EPUB and PDF share.

/** The contributors page's last word on comments, matching the verso. */
export const commentsNote = (hasComments: boolean): string =>
  hasComments
    ? 'The comments themselves follow in the appendix.'
    : 'Comments themselves are not included in this export.';

/** ", 3 suggestions accepted" after a contributor's line, or nothing. */
export const acceptedNote = (count: number): string =>
  count === 0 ? '' : `, ${plural(count, 'suggestion accepted', 'suggestions accepted')}`;

export const plural = (count: number, one: string, many: string): string =>
  `${count.toLocaleString('en')} ${count === 1 ? one : many}`;

export function authorNames(contributors: Contributors): string[] {
  return contributors.authors.map((author) => author.name);
}

export function titlePageXhtml(book: ExportBook): string {
  const names = authorNames(book.contributors);
  return (
    `<h1 class="book-title">${escapeText(book.title)}</h1>\n` +
    (names.length > 0 ? `<p class="book-authors">${escapeText(names.join(', '))}</p>\n` : '')
  );
}

const roleLabel = (commenter: CreditedCommenter): string =>
  commenter.role === 'reviewer' ? 'reviewer' : commenter.role === 'reader' ? 'reader' : 'commenter';

/** Who wrote what and who commented on what, from the attested history (names only). */
export function contributorsXhtml(contributors: Contributors, hasComments: boolean): string {
  const out = ['<h1>Contributors</h1>\n'];
  if (contributors.authors.length > 0) {
    out.push('<h2>Written by</h2>\n<ul>\n');
    for (const author of contributors.authors) {
      const chapters = author.chapters.map(
        (c) => `${escapeText(c.title)} (${plural(c.words, 'word', 'words')})`,
      );
      out.push(
        `<li><strong>${escapeText(author.name)}</strong>, ${plural(author.words, 'word', 'words')}${acceptedNote(author.suggestionsAccepted)}: ${chapters.join('; ')}</li>\n`,
      );
    }
    out.push('</ul>\n');
  }
  if (contributors.commenters.length > 0) {
    out.push('<h2>Reviewed and read by</h2>\n<ul>\n');
    for (const commenter of contributors.commenters) {
      const chapters = commenter.chapters.map(
        (c) => `${escapeText(c.title)} (${plural(c.comments, 'comment', 'comments')})`,
      );
      out.push(
        `<li><strong>${escapeText(commenter.name)}</strong> (${roleLabel(commenter)}), ${plural(commenter.comments, 'comment', 'comments')}${chapters.length > 0 ? ` on ${chapters.join('; ')}` : ''}${acceptedNote(commenter.suggestionsAccepted)}</li>\n`,
      );
    }
    out.push('</ul>\n');
  }
  if (contributors.authors.length === 0 && contributors.commenters.length === 0) {
    out.push('<p>No attributed writing or comments yet.</p>\n');
  }
  out.push(`<p class="contributors-note">${escapeText(commentsNote(hasComments))}</p>\n`);
  return out.join('');
}

/**
 * A table of contents: one link per chapter to `hrefOf(index)`. `after` adds markup after each
 * link, given its href (the PDF's page numbers).
 */
export function contentsXhtml(
  book: ExportBook,
  hrefOf: (index: number) => string,
  appendixHref?: string,
  after: (href: string) => string = () => '',
): string {
  const item = (href: string, title: string) =>
    `<li><a href="${href}">${escapeText(title)}</a>${after(href)}</li>\n`;
  const items = book.chapters.map((chapter, index) => item(hrefOf(index), chapter.title));
  const appendix = book.comments && appendixHref ? item(appendixHref, 'Appendix: comments') : '';
  return `<ol class="toc">\n${items.join('')}${item(hrefOf(-1), 'Contributors')}${appendix}</ol>\n`;
}

export const BOOK_CSS = `${EXTRA_PAGES_CSS}
body { font-family: "Literata", Georgia, serif; line-height: 1.5; margin: 0 auto; max-width: 40em; padding: 0 1em; }
h1, h2, h3, h4 { line-height: 1.2; }
.book-title { font-size: 2.4em; margin-top: 30%; text-align: center; }
.book-authors { font-size: 1.2em; text-align: center; }
blockquote { margin: 1em 2em; font-style: italic; }
sup.book-note a { text-decoration: none; }
.footnotes { border-top: 1px solid #888; margin-top: 2em; font-size: 0.9em; }
.toc { list-style: none; padding: 0; }
.contributors-note { font-size: 0.9em; font-style: italic; }
`;
