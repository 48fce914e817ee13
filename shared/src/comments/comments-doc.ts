import type * as Y from 'yjs';

/**
 * The comments of one chapter live in their own Yjs document (`<book>/<chapter>/comments`), which
 * every member reads live but only the server writes: clients ask over HTTP, the server checks
 * the rules and applies the change as its own transaction. Each record is a plain JSON value under
 * its id in one of three maps, replaced whole when it changes (one writer, so no merge inside).
 */
export const THREADS_MAP = 'threads';
export const COMMENTS_MAP = 'comments';
export const ROUNDS_MAP = 'rounds';

/** Where a thread is attached: two encoded `Y.RelativePosition`s (base64) in the chapter document. */
export interface CommentAnchor {
  start: string;
  end: string;
}

export type ThreadStatus = 'open' | 'resolved';

export interface ThreadRecord {
  id: string;
  anchor: CommentAnchor;
  /** The passage as it was when the thread began: what an orphaned thread shows. */
  quote: string;
  createdBy: string;
  createdAt: string;
  status: ThreadStatus;
  resolvedBy: string | null;
  resolvedAt: string | null;
  /** The review round a reader's thread belongs to; null otherwise. */
  roundId: string | null;
}

export interface CommentRecord {
  id: string;
  threadId: string;
  authorId: string;
  /** The author's display name when written (the server's, never the client's). */
  authorName: string;
  /** Plain text, never HTML. Empty once deleted. */
  body: string;
  /** User ids mentioned with `@name`. */
  mentions: string[];
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  roundId: string | null;
}

export interface RoundRecord {
  id: string;
  title: string;
  /** The chapter version the draft was sent as. */
  versionId: number;
  openedBy: string;
  startsAt: string;
  /** When the round ends by itself; null: open until closed. */
  endsAt: string | null;
  closedAt: string | null;
  /**
   * While set and the round is open, `/sync/<book>/<chapter>?public=<code>` reads the chapter
   * live without an account (read-only, no cursors either way). Absent in older records: null.
   */
  publicCode?: string | null;
}

export interface CommentsSnapshot {
  threads: ThreadRecord[];
  comments: CommentRecord[];
  rounds: RoundRecord[];
}

export const threadsOf = (doc: Y.Doc): Y.Map<ThreadRecord> => doc.getMap<ThreadRecord>(THREADS_MAP);
export const commentsOf = (doc: Y.Doc): Y.Map<CommentRecord> => doc.getMap<CommentRecord>(COMMENTS_MAP);
export const roundsOf = (doc: Y.Doc): Y.Map<RoundRecord> => doc.getMap<RoundRecord>(ROUNDS_MAP);

const byCreation = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number =>
  a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/** Everything in a comments document, threads and comments oldest first, rounds by start. */
export function readComments(doc: Y.Doc): CommentsSnapshot {
  return {
    threads: [...threadsOf(doc).values()].sort(byCreation),
    comments: [...commentsOf(doc).values()].sort(byCreation),
    rounds: [...roundsOf(doc).values()].sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
  };
}

/** Whether readers may comment under `round` at `nowMs`: started, not closed, not past its end. */
export function isRoundOpen(round: RoundRecord, nowMs: number): boolean {
  return (
    round.closedAt === null &&
    Date.parse(round.startsAt) <= nowMs &&
    (round.endsAt === null || nowMs < Date.parse(round.endsAt))
  );
}

/** The open round at `nowMs`, if any (at most one is open at a time). */
export function openRound(rounds: Iterable<RoundRecord>, nowMs: number): RoundRecord | null {
  for (const round of rounds) if (isRoundOpen(round, nowMs)) return round;
  return null;
}
