import type { ContributorStatsView, WritingSessionView } from '@wethink/shared';
import type { CommentActivity } from '../comments/comment-activity';
import type { ContributionRow } from '../storage/document-store';
import { MINUTE_MS } from './contribution-buffer';

type Totals = Pick<ContributionRow, 'charsInserted' | 'charsDeleted' | 'wordsAdded' | 'wordsRemoved'>;

const zero = (): Totals => ({ charsInserted: 0, charsDeleted: 0, wordsAdded: 0, wordsRemoved: 0 });

function addTo(totals: Totals, row: Totals): void {
  totals.charsInserted += row.charsInserted;
  totals.charsDeleted += row.charsDeleted;
  totals.wordsAdded += row.wordsAdded;
  totals.wordsRemoved += row.wordsRemoved;
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** One user's minutes grouped into writing sessions: a pause longer than `gapMs` starts a new one. */
export function writingSessions(rows: readonly ContributionRow[], gapMs: number): WritingSessionView[] {
  const byMinute = new Map<number, Totals>();
  for (const row of rows) {
    const totals = byMinute.get(row.minuteMs) ?? zero();
    addTo(totals, row);
    byMinute.set(row.minuteMs, totals);
  }
  const sessions: (Totals & { startMs: number; endMs: number })[] = [];
  for (const minuteMs of [...byMinute.keys()].sort((a, b) => a - b)) {
    const last = sessions.at(-1);
    const session =
      last && minuteMs - last.endMs <= gapMs
        ? last
        : sessions[sessions.push({ ...zero(), startMs: minuteMs, endMs: minuteMs }) - 1]!;
    session.endMs = minuteMs + MINUTE_MS;
    addTo(session, byMinute.get(minuteMs)!);
  }
  return sessions.map(({ startMs, endMs, ...totals }) => ({
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    ...totals,
  }));
}

/**
 * Per-user statistics from contribution rows (any number of chapters), with the surviving words
 * of each user in the current text and display names supplied by the caller. Users with surviving
 * words but no rows in the range are listed too, with zero activity.
 */
export function summarizeContributions(input: {
  rows: readonly ContributionRow[];
  wordsSurviving: ReadonlyMap<string, number>;
  /** Comments written and threads resolved per user in the same range (absent: none). */
  commentActivity?: ReadonlyMap<string, CommentActivity>;
  nameOf: (userId: string) => string;
  gapMs: number;
}): ContributorStatsView[] {
  const byUser = new Map<string, ContributionRow[]>();
  for (const row of input.rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);
  const activity = input.commentActivity ?? new Map<string, CommentActivity>();
  for (const userId of [...input.wordsSurviving.keys(), ...activity.keys()]) {
    if (!byUser.has(userId)) byUser.set(userId, []);
  }
  return [...byUser]
    .map(([userId, rows]) => {
      const totals = zero();
      for (const row of rows) addTo(totals, row);
      const sessions = writingSessions(rows, input.gapMs);
      return {
        userId,
        name: input.nameOf(userId),
        ...totals,
        wordsSurviving: input.wordsSurviving.get(userId) ?? 0,
        activeDays: new Set(rows.map((row) => isoDay(row.minuteMs))).size,
        writingSessions: sessions.length,
        sessions,
        commentsWritten: activity.get(userId)?.commentsWritten ?? 0,
        threadsResolved: activity.get(userId)?.threadsResolved ?? 0,
        suggestionsMade: activity.get(userId)?.suggestionsMade ?? 0,
        suggestionsAccepted: activity.get(userId)?.suggestionsAccepted ?? 0,
      };
    })
    .sort((a, b) => b.wordsSurviving - a.wordsSurviving || b.charsInserted - a.charsInserted);
}

const csvColumns = [
  'userId',
  'name',
  'charsInserted',
  'charsDeleted',
  'wordsAdded',
  'wordsRemoved',
  'wordsSurviving',
  'activeDays',
  'writingSessions',
  'commentsWritten',
  'threadsResolved',
  'suggestionsMade',
  'suggestionsAccepted',
] as const;

function csvField(value: string | number): string {
  const text = String(value);
  // Quote what needs it, and defuse spreadsheet formulas in names (=, +, -, @ at the start).
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV, one line per user, with a header line. */
export function contributionsCsv(users: readonly ContributorStatsView[]): string {
  const lines = [csvColumns.join(',')];
  for (const user of users) lines.push(csvColumns.map((column) => csvField(user[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
