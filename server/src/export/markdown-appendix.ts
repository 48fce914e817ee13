import { DELETED_COMMENT, threadState, type ChapterThreads } from './comment-appendix';
import { escapeMarkdownText } from './markdown-text';

/** A chapter's threads in Markdown: each quoted passage, its comments by author, its state. */
export function chapterThreadsMarkdown(chapter: ChapterThreads, level = 2): string {
  const out = [`${'#'.repeat(level)} ${escapeMarkdownText(chapter.chapterTitle)}\n\n`];
  if (chapter.threads.length === 0) out.push('No comments.\n\n');
  chapter.threads.forEach((thread, index) => {
    out.push(`**Thread ${index + 1}**\n\n> ${escapeMarkdownText(thread.quote)}\n\n`);
    for (const comment of thread.comments) {
      const body = comment.isDeleted ? DELETED_COMMENT : comment.body;
      out.push(`- **${escapeMarkdownText(comment.author)}**: ${escapeMarkdownText(body)}\n`);
    }
    out.push(`\n*${escapeMarkdownText(threadState(thread))}*\n\n`);
  });
  return out.join('');
}

/** The appendix of a Markdown manuscript: a level-1 heading, then each chapter's threads. */
export function commentsAppendixMarkdown(comments: readonly ChapterThreads[]): string {
  return `# Appendix: comments\n\n${comments.map((chapter) => chapterThreadsMarkdown(chapter)).join('')}`;
}
