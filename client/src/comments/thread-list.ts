import type { CommentRecord, CommentsSnapshot, ThreadRecord, ThreadStatus } from '@wethink/shared/client';
import type { OutboxDelivery, OutboxItem } from './comment-outbox';

/** A comment as the panel shows it: the server's record, and what this device still has to send about it. */
export interface CommentEntry {
  comment: CommentRecord;
  /** The comment itself is still on its way to the server. */
  isSending: boolean;
  /** The text an edit waiting in the outbox will give it, or null. */
  pendingBody: string | null;
  /** A delete is waiting in the outbox. */
  isDeleting: boolean;
}

export interface ThreadEntry {
  thread: ThreadRecord;
  comments: CommentEntry[];
  /** The thread is still on its way to the server. */
  isSending: boolean;
  /** The status a resolve or reopen waiting in the outbox will give it, or null. */
  pendingStatus: ThreadStatus | null;
}

/** Where the editor found each thread's passage: ids in document order, and those whose passage is gone. */
export interface ThreadLayout {
  order: readonly string[];
  orphaned: ReadonlySet<string>;
}

export const EMPTY_LAYOUT: ThreadLayout = { order: [], orphaned: new Set() };

export interface ThreadFilter {
  status: 'all' | ThreadStatus;
  /** Only threads the user started or wrote in. */
  isMine: boolean;
  /** Only threads with comments from this review round; null: any. */
  roundId: string | null;
}

export const ALL_THREADS: ThreadFilter = { status: 'all', isMine: false, roundId: null };

export interface ThreadList {
  /** Threads whose passage is in the text, in document order (threads not placed yet come last). */
  placed: ThreadEntry[];
  /** Threads whose passage was deleted: shown with the quote they began with. */
  orphaned: ThreadEntry[];
  /** Before filtering. */
  counts: { open: number; resolved: number };
}

export interface MergeInput {
  snapshot: CommentsSnapshot;
  /** This chapter's writes still in the outbox, oldest first. */
  pending: readonly OutboxItem[];
  /** Writes the server accepted, whose records the comments document may not show yet. */
  delivered: readonly OutboxDelivery[];
  user: { id: string; name: string };
}

const byCreation = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number =>
  a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

function pendingRecords(
  item: OutboxItem,
  user: MergeInput['user'],
): { thread?: ThreadRecord; comment?: CommentRecord } {
  const { op, queuedAt } = item;
  if (op.kind !== 'create-thread' && op.kind !== 'reply') return {};
  const comment: CommentRecord = {
    id: op.commentId,
    threadId: op.threadId,
    authorId: user.id,
    authorName: user.name,
    body: op.body,
    mentions: [],
    createdAt: queuedAt,
    editedAt: null,
    deletedAt: null,
    roundId: null,
  };
  if (op.kind === 'reply') return { comment };
  const thread: ThreadRecord = {
    id: op.threadId,
    anchor: op.anchor,
    quote: op.quote,
    createdBy: user.id,
    createdAt: queuedAt,
    status: 'open',
    resolvedBy: null,
    resolvedAt: null,
    roundId: null,
  };
  return { thread, comment };
}

interface Known<T> {
  record: T;
  isSending: boolean;
}

/** Every thread and comment to show: the document's, then accepted ones it lacks, then waiting ones. */
function knownRecords({ snapshot, pending, delivered, user }: MergeInput) {
  const threads = new Map<string, Known<ThreadRecord>>();
  const comments = new Map<string, Known<CommentRecord>>();
  const add = (records: { thread?: ThreadRecord; comment?: CommentRecord }, isSending: boolean) => {
    if (records.thread !== undefined && !threads.has(records.thread.id)) {
      threads.set(records.thread.id, { record: records.thread, isSending });
    }
    if (records.comment !== undefined && !comments.has(records.comment.id)) {
      comments.set(records.comment.id, { record: records.comment, isSending });
    }
  };
  for (const thread of snapshot.threads) add({ thread }, false);
  for (const comment of snapshot.comments) add({ comment }, false);
  for (const { records } of delivered) add(records, false);
  for (const item of pending) add(pendingRecords(item, user), true);
  return { threads, comments };
}

/** What the waiting edits, deletes, resolves and reopens will change. */
function pendingMarks(pending: readonly OutboxItem[]) {
  const edits = new Map<string, string>();
  const deletes = new Set<string>();
  const statuses = new Map<string, ThreadStatus>();
  for (const { op } of pending) {
    if (op.kind === 'edit') edits.set(op.commentId, op.body);
    if (op.kind === 'delete') deletes.add(op.commentId);
    if (op.kind === 'resolve') statuses.set(op.threadId, 'resolved');
    if (op.kind === 'reopen') statuses.set(op.threadId, 'open');
  }
  return { edits, deletes, statuses };
}

/**
 * The chapter's threads with their comments: the comments document's records, filled in with
 * what the server already accepted but the document does not show yet, and with this device's
 * writes still waiting in the outbox (marked as sending).
 */
export function mergeThreads(input: MergeInput): ThreadEntry[] {
  const { threads, comments } = knownRecords(input);
  const { edits, deletes, statuses } = pendingMarks(input.pending);
  const byThread = new Map<string, CommentEntry[]>();
  for (const { record: comment, isSending } of [...comments.values()].sort((a, b) =>
    byCreation(a.record, b.record),
  )) {
    const entry = {
      comment,
      isSending,
      pendingBody: edits.get(comment.id) ?? null,
      isDeleting: deletes.has(comment.id),
    };
    const list = byThread.get(comment.threadId);
    if (list === undefined) byThread.set(comment.threadId, [entry]);
    else list.push(entry);
  }
  return [...threads.values()]
    .sort((a, b) => byCreation(a.record, b.record))
    .map(({ record: thread, isSending }) => {
      const pendingStatus = statuses.get(thread.id) ?? null;
      return {
        thread,
        comments: byThread.get(thread.id) ?? [],
        isSending,
        pendingStatus: pendingStatus === thread.status ? null : pendingStatus,
      };
    });
}

/** The status a thread shows: the one a waiting resolve or reopen gives it, else the server's. */
export function statusOf(entry: ThreadEntry): ThreadStatus {
  return entry.pendingStatus ?? entry.thread.status;
}

function passes(entry: ThreadEntry, filter: ThreadFilter, userId: string): boolean {
  if (filter.status !== 'all' && statusOf(entry) !== filter.status) return false;
  const { thread, comments } = entry;
  if (
    filter.isMine &&
    thread.createdBy !== userId &&
    !comments.some(({ comment }) => comment.authorId === userId)
  ) {
    return false;
  }
  if (filter.roundId !== null) {
    return (
      thread.roundId === filter.roundId || comments.some(({ comment }) => comment.roundId === filter.roundId)
    );
  }
  return true;
}

/**
 * Puts threads in document order as the editor laid them out (ties keep creation order), the
 * orphaned ones apart, and applies the panel's filter to both.
 */
export function arrangeThreads(
  entries: readonly ThreadEntry[],
  layout: ThreadLayout,
  filter: ThreadFilter,
  userId: string,
): ThreadList {
  const rank = new Map(layout.order.map((id, index) => [id, index]));
  const counts = { open: 0, resolved: 0 };
  for (const entry of entries) counts[statusOf(entry)] += 1;
  const shown = entries.filter((entry) => passes(entry, filter, userId));
  const orphaned = shown.filter((entry) => layout.orphaned.has(entry.thread.id));
  const placed = shown
    .filter((entry) => !layout.orphaned.has(entry.thread.id))
    .map((entry, index) => ({ entry, rank: rank.get(entry.thread.id) ?? layout.order.length + index }))
    .sort((a, b) => a.rank - b.rank)
    .map(({ entry }) => entry);
  return { placed, orphaned, counts };
}
