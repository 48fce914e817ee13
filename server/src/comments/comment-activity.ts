import type { CommentsSnapshot } from '@wethink/shared';

/** What one user did in comments during a time range. */
export interface CommentActivity {
  commentsWritten: number;
  threadsResolved: number;
}

/**
 * Comment activity per user in `[fromMs, toMs)`, added into `into` (one call per chapter). Deleted
 * comments count: they were written. A thread counts for whoever resolved it last, if it still is.
 */
export function addCommentActivity(
  into: Map<string, CommentActivity>,
  snapshot: CommentsSnapshot,
  range: { fromMs: number; toMs: number },
): void {
  const inRange = (iso: string | null): boolean => {
    if (iso === null) return false;
    const ms = Date.parse(iso);
    return ms >= range.fromMs && ms < range.toMs;
  };
  const of = (userId: string): CommentActivity => {
    let activity = into.get(userId);
    if (!activity) into.set(userId, (activity = { commentsWritten: 0, threadsResolved: 0 }));
    return activity;
  };
  for (const comment of snapshot.comments) {
    if (inRange(comment.createdAt)) of(comment.authorId).commentsWritten += 1;
  }
  for (const thread of snapshot.threads) {
    if (thread.status === 'resolved' && thread.resolvedBy && inRange(thread.resolvedAt)) {
      of(thread.resolvedBy).threadsResolved += 1;
    }
  }
}
