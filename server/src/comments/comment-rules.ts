import { AppError, openRound, type CommentRecord, type Role, type RoundRecord } from '@wethink/shared';

/**
 * Who may do what with comments, decided from the member's role, the chapter's review rounds and
 * the records involved. Each function returns or throws an `AppError` with the reason.
 */

/**
 * Whether `role` may write comments now, and the round a reader's comment belongs to: owners,
 * authors and reviewers always (no round); readers only while a round is open.
 */
export function commentingRound(role: Role, rounds: Iterable<RoundRecord>, nowMs: number): string | null {
  if (role !== 'reader') return null;
  const round = openRound(rounds, nowMs);
  if (!round) throw new AppError('round-closed', 'readers may comment only while a review round is open');
  return round.id;
}

/** Editing: only the comment's author, and not once it is deleted. */
export function assertMayEdit(userId: string, comment: CommentRecord): void {
  if (comment.authorId !== userId) throw new AppError('forbidden', "you may not edit someone else's comment");
  if (comment.deletedAt !== null) throw new AppError('conflict', 'this comment was deleted');
}

/** Deleting: the comment's author, or the book's owner (who keeps the discussion civil). */
export function assertMayDelete(userId: string, role: Role, comment: CommentRecord): void {
  if (comment.authorId !== userId && role !== 'owner') {
    throw new AppError('forbidden', "you may not delete someone else's comment");
  }
}

/** Resolving and reopening threads: the people who change the text (owner and authors). */
export function assertMayResolve(role: Role): void {
  if (role !== 'owner' && role !== 'author') {
    throw new AppError('forbidden', `a ${role} may not resolve or reopen threads`);
  }
}

/** Review rounds are the owner's. */
export function assertMayRunRounds(role: Role): void {
  if (role !== 'owner') throw new AppError('forbidden', 'only the owner opens and closes review rounds');
}
