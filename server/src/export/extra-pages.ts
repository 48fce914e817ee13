import { DELETED_COMMENT, threadState, type ChapterThreads } from './comment-appendix';
import type { ExportBook } from './export-book';
import { escapeAttribute, escapeText } from './xml-text';

// Pages an export adds when asked (the verso always; the comments appendix and the cover by
// option), as XHTML bodies that HTML, EPUB and PDF share.

/** The title page's verso: which text the file holds, what was left out, whether comments are in. */
export function versoXhtml(book: ExportBook): string {
  const lines = book.verso.map((line) => `<p>${escapeText(line)}</p>\n`);
  return `<div class="verso">\n${lines.join('')}</div>\n`;
}

/** A chapter's threads: the quoted passage, then each comment with its author, then its state. */
export function chapterThreadsXhtml(chapter: ChapterThreads, heading = 'h2'): string {
  const out = [`<${heading}>${escapeText(chapter.chapterTitle)}</${heading}>\n`];
  if (chapter.threads.length === 0) out.push('<p>No comments.</p>\n');
  chapter.threads.forEach((thread, index) => {
    out.push(`<div class="comment-thread">\n<p class="thread-label">Thread ${index + 1}</p>\n`);
    out.push(`<blockquote><p>${escapeText(thread.quote)}</p></blockquote>\n`);
    for (const comment of thread.comments) {
      const body = comment.isDeleted ? DELETED_COMMENT : comment.body;
      out.push(`<p><strong>${escapeText(comment.author)}</strong>: ${escapeText(body)}</p>\n`);
    }
    out.push(`<p class="thread-state">${escapeText(threadState(thread))}</p>\n</div>\n`);
  });
  return out.join('');
}

/** The whole appendix (HTML and PDF put it on one page; EPUB gives each chapter a section). */
export function commentsAppendixXhtml(comments: readonly ChapterThreads[]): string {
  return `<h1>Appendix: comments</h1>\n${comments.map((chapter) => chapterThreadsXhtml(chapter)).join('')}`;
}

/** A cover page holding only the image. */
export function coverXhtml(src: string, title: string): string {
  return `<div class="cover-image"><img src="${escapeAttribute(src)}" alt="${escapeAttribute(`Cover of ${title}`)}"/></div>\n`;
}

export const EXTRA_PAGES_CSS = `
.verso { font-size: 0.85em; margin-top: 3em; }
.comment-thread { border-left: 2px solid #aaa; margin: 1em 0; padding-left: 0.8em; }
.thread-label, .thread-state { font-size: 0.85em; font-style: italic; }
.cover-image { text-align: center; }
.cover-image img { max-width: 100%; max-height: 95vh; }
figure img { max-width: 100%; }
`;
