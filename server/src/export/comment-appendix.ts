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

/** What a comment changed after the appendix's time shows instead of (or beside) its text. */
export const DELETED_LATER = '(deleted after this time; its text is not kept)';
export const EDITED_LATER = '(edited after this time: this is its latest text)';

const isAfter = (iso: string | null, atMs: number | null): boolean =>
  iso !== null && atMs !== null && Date.parse(iso) > atMs;

/**
 * A chapter's threads for the appendix, oldest first. Names are today's display names (`names`),
 * falling back to the name the server stored with the comment, so a former member is still named.
 *
 * `atMs` is the time the chapter's text stands for (null: now). The comments document keeps each
 * record as it is now (a change replaces it whole), with the times of its creation, last edit,
 * deletion and resolution: threads and comments made after the time are left out, a thread
 * resolved after it shows as open, and a comment edited or deleted since says so, since its
 * earlier text is not kept.
 */
export function chapterThreads(
  chapterTitle: string,
  snapshot: CommentsSnapshot,
  names: ReadonlyMap<string, string>,
  atMs: number | null = null,
): ChapterThreads {
  const existed = (record: { createdAt: string }) => !isAfter(record.createdAt, atMs);
  const threads = snapshot.threads.filter(existed).map((thread) => {
    const comments = snapshot.comments
      .filter((comment) => comment.threadId === thread.id && existed(comment))
      .map((comment) => {
        const isDeletedLater = comment.deletedAt !== null && isAfter(comment.deletedAt, atMs);
        const isEditedLater =
          !isDeletedLater && comment.deletedAt === null && isAfter(comment.editedAt, atMs);
        return {
          author: names.get(comment.authorId) ?? comment.authorName,
          body: isDeletedLater
            ? DELETED_LATER
            : isEditedLater
              ? `${comment.body} ${EDITED_LATER}`
              : comment.body,
          isDeleted: comment.deletedAt !== null && !isDeletedLater,
        };
      });
    const isResolved = thread.status === 'resolved' && !isAfter(thread.resolvedAt, atMs);
    return {
      quote: thread.quote,
      isResolved,
      resolvedBy: isResolved && thread.resolvedBy ? (names.get(thread.resolvedBy) ?? null) : null,
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

/**
 * What the title page's verso says about comments, so their absence never reads as data loss,
 * and, for an earlier text, what the appendix can and cannot show of that time.
 */
export function commentsStatement(hasComments: boolean, isEarlierText = false): string {
  if (!hasComments) return 'Comments: not included';
  if (!isEarlierText) return 'Comments: included as an appendix';
  return (
    'Comments: included as an appendix, as they stood at the time of each chapter\u2019s text: threads ' +
    'and comments made later are left out; a comment edited or deleted since then says so (its ' +
    'earlier text is not kept); a thread resolved later shows as open'
  );
}
