import type { CommentsSnapshot, SuggestionRecord } from '@wethink/shared';

/** What one user did in comments and suggestions during a time range. */
export interface CommentActivity {
  commentsWritten: number;
  threadsResolved: number;
  /** Suggestions made in the range, and how many of them were accepted (whenever). */
  suggestionsMade: number;
  suggestionsAccepted: number;
  /** Suggestions of others this user accepted in the range. */
  suggestionsApproved: number;
}

/**
 * Comment activity per user in `[fromMs, toMs)`, added into `into` (one call per chapter). Deleted
 * comments count: they were written. A thread counts for whoever resolved it last, if it still is.
 */
export function addCommentActivity(
  into: Map<string, CommentActivity>,
  snapshot: CommentsSnapshot & { suggestions: Iterable<SuggestionRecord> },
  range: { fromMs: number; toMs: number },
): void {
  const inRange = (iso: string | null): boolean => {
    if (iso === null) return false;
    const ms = Date.parse(iso);
    return ms >= range.fromMs && ms < range.toMs;
  };
  const of = (userId: string): CommentActivity => {
    let activity = into.get(userId);
    if (!activity) into.set(userId, (activity = newActivity()));
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
  for (const suggestion of snapshot.suggestions) {
    if (inRange(suggestion.createdAt)) {
      const activity = of(suggestion.suggestedBy);
      activity.suggestionsMade += 1;
      if (suggestion.status === 'accepted') activity.suggestionsAccepted += 1;
    }
    if (suggestion.status === 'accepted' && suggestion.decidedBy && inRange(suggestion.decidedAt)) {
      of(suggestion.decidedBy).suggestionsApproved += 1;
    }
  }
}

function newActivity(): CommentActivity {
  return {
    commentsWritten: 0,
    threadsResolved: 0,
    suggestionsMade: 0,
    suggestionsAccepted: 0,
    suggestionsApproved: 0,
  };
}
