import type { ReturnReportView } from '@wethink/shared';
import type { ContributionRow } from '../storage/document-store';

type Counts = Pick<ContributionRow, 'charsInserted' | 'charsDeleted' | 'wordsAdded' | 'wordsRemoved'>;

/**
 * What changed in a book since a moment, as one person coming back (from offline, from a break)
 * needs it: per chapter, their own changes that went in and everyone else's, from the server's
 * attested contribution rows (never from what a client says it did). Pure: rows in, view out.
 */
export function returnReport(input: {
  userId: string;
  bookId: string;
  since: Date;
  rows: readonly ContributionRow[];
  nameOf: (userId: string) => string;
}): ReturnReportView {
  const byChapter = new Map<string, Map<string, Counts>>();
  for (const row of input.rows) {
    const chapterId = row.doc.slice(input.bookId.length + 1);
    let users = byChapter.get(chapterId);
    if (!users) byChapter.set(chapterId, (users = new Map()));
    const counts = users.get(row.userId) ?? {
      charsInserted: 0,
      charsDeleted: 0,
      wordsAdded: 0,
      wordsRemoved: 0,
    };
    counts.charsInserted += row.charsInserted;
    counts.charsDeleted += row.charsDeleted;
    counts.wordsAdded += row.wordsAdded;
    counts.wordsRemoved += row.wordsRemoved;
    users.set(row.userId, counts);
  }
  return {
    since: input.since.toISOString(),
    chapters: [...byChapter]
      .map(([chapterId, users]) => ({
        chapterId,
        mine: users.get(input.userId) ?? null,
        others: [...users]
          .filter(([id]) => id !== input.userId)
          .map(([id, counts]) => ({ userId: id, name: input.nameOf(id), ...counts }))
          .sort((a, b) => b.charsInserted + b.charsDeleted - (a.charsInserted + a.charsDeleted)),
      }))
      .sort((a, b) => a.chapterId.localeCompare(b.chapterId)),
  };
}
