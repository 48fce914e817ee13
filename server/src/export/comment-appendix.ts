import type { CommentsSnapshot } from '@wethink/shared';

/** One thread as the appendix prints it: names only, never e-mail addresses or ids. */
export interface AppendixThread {
  /** The passage the thread was started on, as it read then. */
  quote: string;
  isResolved: boolean;
  /** Who resolved it (null while open, or when unknown). */
  resolvedBy: string | null;
  /** The first comment and its replies, oldest first; deleted comments say so instead of their text. */
  comments: { author: string; body: string; isDeleted: boolean }[];
}

export interface ChapterThreads {
  chapterTitle: string;
  threads: AppendixThread[];
}

/** The user ids whose names a chapter's appendix needs. */
export function appendixUserIds(snapshot: CommentsSnapshot): string[] {
  return [
    ...snapshot.comments.map((comment) => comment.authorId),
    ...snapshot.threads.flatMap((thread) => (thread.resolvedBy ? [thread.resolvedBy] : [])),
  ];
}

/**
 * A chapter's threads for the appendix, oldest first. Names are today's display names (`names`),
 * falling back to the name the server stored with the comment, so a former member is still named.
 */
export function chapterThreads(
  chapterTitle: string,
  snapshot: CommentsSnapshot,
  names: ReadonlyMap<string, string>,
): ChapterThreads {
  const threads = snapshot.threads.map((thread) => {
    const comments = snapshot.comments
      .filter((comment) => comment.threadId === thread.id)
      .map((comment) => ({
        author: names.get(comment.authorId) ?? comment.authorName,
        body: comment.body,
        isDeleted: comment.deletedAt !== null,
      }));
    return {
      quote: thread.quote,
      isResolved: thread.status === 'resolved',
      resolvedBy: thread.resolvedBy ? (names.get(thread.resolvedBy) ?? null) : null,
      comments,
    };
  });
  return { chapterTitle, threads };
}

/** One line stating a thread's state, as every format prints it. */
export function threadState(thread: AppendixThread): string {
  if (!thread.isResolved) return 'Open';
  return thread.resolvedBy ? `Resolved by ${thread.resolvedBy}` : 'Resolved';
}

export const DELETED_COMMENT = '(comment deleted)';

/** What the title page's verso says about comments, so their absence never reads as data loss. */
export function commentsStatement(hasComments: boolean): string {
  return hasComments ? 'Comments: included as an appendix' : 'Comments: not included';
}
