import { AlignmentType, Paragraph, TextRun } from 'docx';
import { acceptedNote, commentsNote, plural } from './book-pages';
import { DELETED_COMMENT, threadState, type ChapterThreads } from './comment-appendix';
import { docxImage, type DocxImage } from './docx-images';
import type { ExportBook } from './export-book';

// The pages a Word export adds around the chapters, in styles a DOCX import skips.

/**
 * Styles of what an export adds around the chapters. A DOCX import ignores paragraphs in them
 * (see import/docx-import.ts), so an exported file imports back as its chapters.
 */
export const FRONT_MATTER_STYLES = {
  title: 'BookTitle',
  byline: 'BookByline',
  credits: 'BookCredits',
} as const;

export function frontMatter(book: ExportBook, coverImage: DocxImage | null): Paragraph[] {
  const names = book.contributors.authors.map((author) => author.name);
  const cover = docxImage(coverImage, `Cover of ${book.title}`);
  return [
    ...(cover
      ? [
          new Paragraph({
            style: FRONT_MATTER_STYLES.credits,
            alignment: AlignmentType.CENTER,
            children: [cover],
          }),
        ]
      : []),
    new Paragraph({ style: FRONT_MATTER_STYLES.title, text: book.title, pageBreakBefore: cover !== null }),
    ...(names.length > 0
      ? [new Paragraph({ style: FRONT_MATTER_STYLES.byline, text: names.join(', ') })]
      : []),
    // The verso: which text this is and whether comments are in, on the title page's back.
    ...book.verso.map(
      (line, i) =>
        new Paragraph({ style: FRONT_MATTER_STYLES.credits, text: line, pageBreakBefore: i === 0 }),
    ),
  ];
}

export function contributorsPage(book: ExportBook): Paragraph[] {
  const credits = (text: string) => new Paragraph({ style: FRONT_MATTER_STYLES.credits, text });
  const out = [
    new Paragraph({ style: FRONT_MATTER_STYLES.title, text: 'Contributors', pageBreakBefore: true }),
  ];
  for (const author of book.contributors.authors) {
    const chapters = author.chapters
      .map((c) => `${c.title} (${plural(c.words, 'word', 'words')})`)
      .join('; ');
    out.push(
      credits(
        `${author.name}, ${plural(author.words, 'word', 'words')}${acceptedNote(author.suggestionsAccepted)}: ${chapters}`,
      ),
    );
  }
  for (const commenter of book.contributors.commenters) {
    const chapters = commenter.chapters
      .map((c) => `${c.title} (${plural(c.comments, 'comment', 'comments')})`)
      .join('; ');
    const role = commenter.role ?? 'former member';
    out.push(
      credits(
        `${commenter.name} (${role}), ${plural(commenter.comments, 'comment', 'comments')}${chapters === '' ? '' : ` on ${chapters}`}${acceptedNote(commenter.suggestionsAccepted)}`,
      ),
    );
  }
  out.push(credits(commentsNote(book.comments !== null)));
  return out;
}

/** The comments appendix: per chapter, each thread's passage, comments by author and state. */
export function commentsAppendix(comments: readonly ChapterThreads[]): Paragraph[] {
  const credits = (children: TextRun[]) => new Paragraph({ style: FRONT_MATTER_STYLES.credits, children });
  const out = [
    new Paragraph({ style: FRONT_MATTER_STYLES.title, text: 'Appendix: comments', pageBreakBefore: true }),
  ];
  for (const chapter of comments) {
    out.push(credits([new TextRun({ text: chapter.chapterTitle, bold: true, size: 28 })]));
    if (chapter.threads.length === 0) out.push(credits([new TextRun('No comments.')]));
    chapter.threads.forEach((thread, index) => {
      out.push(credits([new TextRun({ text: `Thread ${index + 1}`, italics: true })]));
      out.push(credits([new TextRun({ text: `\u201c${thread.quote}\u201d`, italics: true })]));
      for (const comment of thread.comments) {
        const body = comment.isDeleted ? DELETED_COMMENT : comment.body;
        out.push(credits([new TextRun({ text: `${comment.author}: `, bold: true }), new TextRun(body)]));
      }
      out.push(credits([new TextRun({ text: threadState(thread), italics: true })]));
    });
  }
  return out;
}
