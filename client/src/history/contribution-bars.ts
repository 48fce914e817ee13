import type { ContributorStatsView } from '@wethink/shared/client';

/** One author's row of the contributions chart; widths are fractions (0…1) of the longest bar. */
export interface ContributionBar {
  userId: string;
  name: string;
  wordsAdded: number;
  wordsRemoved: number;
  wordsSurviving: number;
  activeDays: number;
  /** Comments and replies written, threads resolved. */
  commentsWritten: number;
  threadsResolved: number;
  addedWidth: number;
  removedWidth: number;
  survivingWidth: number;
}

/**
 * The chart of a chapter's contributions: one row per person who wrote, removed or still has
 * words in it, or commented or resolved threads (a reviewer's row has no bars, only numbers),
 * most surviving words first. All bars share one scale, so rows compare.
 */
export function contributionBars(users: readonly ContributorStatsView[]): ContributionBar[] {
  const rows = users.filter(
    (user) =>
      user.wordsAdded +
        user.wordsRemoved +
        user.wordsSurviving +
        user.commentsWritten +
        user.threadsResolved >
      0,
  );
  const longest = Math.max(
    1,
    ...rows.flatMap((user) => [user.wordsAdded, user.wordsRemoved, user.wordsSurviving]),
  );
  return rows
    .map((user) => ({
      userId: user.userId,
      name: user.name,
      wordsAdded: user.wordsAdded,
      wordsRemoved: user.wordsRemoved,
      wordsSurviving: user.wordsSurviving,
      activeDays: user.activeDays,
      commentsWritten: user.commentsWritten,
      threadsResolved: user.threadsResolved,
      addedWidth: user.wordsAdded / longest,
      removedWidth: user.wordsRemoved / longest,
      survivingWidth: user.wordsSurviving / longest,
    }))
    .sort(
      (a, b) =>
        b.wordsSurviving - a.wordsSurviving ||
        b.wordsAdded - a.wordsAdded ||
        b.commentsWritten - a.commentsWritten ||
        a.name.localeCompare(b.name),
    );
}

/** Who changed the chapter in a time range: authors who inserted or deleted any characters. */
export function activeContributors(users: readonly ContributorStatsView[]): string[] {
  return users.filter((user) => user.charsInserted + user.charsDeleted > 0).map((user) => user.userId);
}
