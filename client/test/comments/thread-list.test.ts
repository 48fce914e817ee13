import type { CommentRecord, CommentsSnapshot, ThreadRecord } from '@wethink/shared/client';
import { describe, expect, it } from 'vitest';
import type { CommentOp } from '../../src/comments/comment-ops';
import type { OutboxItem } from '../../src/comments/comment-outbox';
import {
  ALL_THREADS,
  arrangeThreads,
  mergeThreads,
  statusOf,
  type ThreadEntry,
} from '../../src/comments/thread-list';

const anchor = { start: 'AA==', end: 'AA==' };
const user = { id: 'u_ada', name: 'Ada' };

const thread = (id: string, createdAt: string, patch: Partial<ThreadRecord> = {}): ThreadRecord => ({
  id,
  anchor,
  quote: `quote of ${id}`,
  createdBy: 'u_ben',
  createdAt,
  status: 'open',
  resolvedBy: null,
  resolvedAt: null,
  roundId: null,
  ...patch,
});

const comment = (
  id: string,
  threadId: string,
  createdAt: string,
  patch: Partial<CommentRecord> = {},
): CommentRecord => ({
  id,
  threadId,
  authorId: 'u_ben',
  authorName: 'Ben',
  body: `body of ${id}`,
  mentions: [],
  createdAt,
  editedAt: null,
  deletedAt: null,
  roundId: null,
  ...patch,
});

let seq = 0;
const pending = (op: CommentOp): OutboxItem => ({
  seq: ++seq,
  userId: user.id,
  chapter: { bookId: 'b', chapterId: 'c' },
  op,
  queuedAt: '2026-01-01T00:09:00.000Z',
});

const snapshot: CommentsSnapshot = {
  threads: [
    thread('t_a', '2026-01-01T00:01:00Z'),
    thread('t_b', '2026-01-01T00:02:00Z'),
    thread('t_c', '2026-01-01T00:03:00Z', { status: 'resolved' }),
  ],
  comments: [
    comment('c_1', 't_a', '2026-01-01T00:01:00Z'),
    comment('c_2', 't_b', '2026-01-01T00:02:00Z'),
    comment('c_3', 't_a', '2026-01-01T00:04:00Z', { authorId: 'u_ada', authorName: 'Ada' }),
    comment('c_4', 't_c', '2026-01-01T00:03:00Z', { roundId: 'r_1' }),
  ],
  rounds: [],
};

const ids = (entries: readonly ThreadEntry[]) => entries.map((entry) => entry.thread.id);

describe('mergeThreads', () => {
  it('gives each thread its comments, oldest first', () => {
    const entries = mergeThreads({ snapshot, pending: [], delivered: [], user });
    expect(ids(entries)).toEqual(['t_a', 't_b', 't_c']);
    expect(entries[0]!.comments.map((entry) => entry.comment.id)).toEqual(['c_1', 'c_3']);
  });

  it("adds this device's waiting writes, marked as sending", () => {
    const entries = mergeThreads({
      snapshot,
      user,
      delivered: [],
      pending: [
        pending({
          kind: 'create-thread',
          threadId: 't_new',
          commentId: 'c_new',
          anchor,
          quote: 'new words',
          body: 'Hm?',
        }),
        pending({ kind: 'reply', threadId: 't_b', commentId: 'c_r', body: 'Agreed.' }),
        pending({ kind: 'edit', threadId: 't_a', commentId: 'c_3', body: 'Better.' }),
        pending({ kind: 'resolve', threadId: 't_a' }),
        pending({ kind: 'delete', threadId: 't_b', commentId: 'c_2' }),
      ],
    });
    const byId = new Map(entries.map((entry) => [entry.thread.id, entry]));
    const created = byId.get('t_new')!;
    expect(created).toMatchObject({ isSending: true, thread: { quote: 'new words', createdBy: 'u_ada' } });
    expect(created.comments).toMatchObject([
      { isSending: true, comment: { body: 'Hm?', authorName: 'Ada' } },
    ]);
    expect(byId.get('t_b')!.comments).toMatchObject([
      { comment: { id: 'c_2' }, isDeleting: true },
      { comment: { id: 'c_r', body: 'Agreed.' }, isSending: true },
    ]);
    expect(byId.get('t_a')!.comments[1]).toMatchObject({ pendingBody: 'Better.', isSending: false });
    expect(statusOf(byId.get('t_a')!)).toBe('resolved');
  });

  it('shows what the server accepted until the comments document catches up, without doubles', () => {
    const reply = comment('c_late', 't_a', '2026-01-01T00:05:00Z');
    const delivered = [
      {
        item: pending({ kind: 'reply', threadId: 't_a', commentId: 'c_late', body: 'x' }),
        records: { comment: reply },
      },
    ];
    const before = mergeThreads({ snapshot, pending: [], delivered, user });
    expect(before[0]!.comments.map((entry) => entry.comment.id)).toEqual(['c_1', 'c_3', 'c_late']);
    const after = mergeThreads({
      snapshot: { ...snapshot, comments: [...snapshot.comments, reply] },
      pending: [],
      delivered,
      user,
    });
    expect(after[0]!.comments.map((entry) => entry.comment.id)).toEqual(['c_1', 'c_3', 'c_late']);
  });
});

describe('arrangeThreads', () => {
  const entries = mergeThreads({ snapshot, pending: [], delivered: [], user });

  it('orders threads as their passages appear in the text, orphaned ones apart, unplaced ones last', () => {
    const list = arrangeThreads(
      entries,
      { order: ['t_c', 't_a'], orphaned: new Set(['t_b']) },
      ALL_THREADS,
      user.id,
    );
    expect(ids(list.placed)).toEqual(['t_c', 't_a']);
    expect(ids(list.orphaned)).toEqual(['t_b']);
    const early = arrangeThreads(entries, { order: ['t_b'], orphaned: new Set() }, ALL_THREADS, user.id);
    expect(ids(early.placed)).toEqual(['t_b', 't_a', 't_c']);
    expect(list.counts).toEqual({ open: 2, resolved: 1 });
  });

  it('filters by status, by the user’s own threads and by review round', () => {
    const layout = { order: ['t_a', 't_b', 't_c'], orphaned: new Set<string>() };
    const shown = (filter: Partial<typeof ALL_THREADS>) =>
      ids(arrangeThreads(entries, layout, { ...ALL_THREADS, ...filter }, user.id).placed);
    expect(shown({ status: 'open' })).toEqual(['t_a', 't_b']);
    expect(shown({ status: 'resolved' })).toEqual(['t_c']);
    expect(shown({ isMine: true })).toEqual(['t_a']);
    expect(shown({ roundId: 'r_1' })).toEqual(['t_c']);
  });
});
