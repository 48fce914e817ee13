import { describe, expect, it } from 'vitest';
import type { CommentRecord, CommentsSnapshot, ThreadRecord } from '@wethink/shared';
import { chapterThreads, commentsStatement } from '../../src/export/comment-appendix';

const at = (hhmm: string) => `2026-12-01T${hhmm}:00.000Z`;
const thread = (id: string, createdAt: string, resolvedAt: string | null): ThreadRecord => ({
  id,
  anchor: { start: '', end: '' },
  quote: `passage ${id}`,
  createdBy: 'olive',
  createdAt,
  status: resolvedAt ? 'resolved' : 'open',
  resolvedBy: resolvedAt ? 'olive' : null,
  resolvedAt,
  roundId: null,
});
const comment = (
  id: string,
  threadId: string,
  body: string,
  times: { createdAt: string; editedAt?: string; deletedAt?: string },
): CommentRecord => ({
  id,
  threadId,
  authorId: 'rita',
  authorName: 'Rita',
  body: times.deletedAt ? '' : body,
  mentions: [],
  createdAt: times.createdAt,
  editedAt: times.editedAt ?? null,
  deletedAt: times.deletedAt ?? null,
  roundId: null,
});

const snapshot: CommentsSnapshot = {
  threads: [thread('t1', at('10:00'), at('10:20')), thread('t2', at('10:30'), null)],
  comments: [
    comment('c1', 't1', 'Edited since.', { createdAt: at('10:00'), editedAt: at('10:20') }),
    comment('c2', 't1', 'Deleted since.', { createdAt: at('10:05'), deletedAt: at('10:25') }),
    comment('c3', 't1', 'Deleted before.', { createdAt: at('10:06'), deletedAt: at('10:08') }),
    comment('c4', 't1', 'Written later.', { createdAt: at('10:31') }),
    comment('c5', 't2', 'On a later thread.', { createdAt: at('10:30') }),
  ],
  rounds: [],
};
const names = new Map([
  ['rita', 'Rita'],
  ['olive', 'Olive'],
]);

describe('the comments appendix', () => {
  it('shows the threads as they stood at the text\u2019s time, saying what changed since', () => {
    const { threads } = chapterThreads('One', snapshot, names, Date.parse(at('10:10')));
    expect(threads).toEqual([
      {
        quote: 'passage t1',
        isResolved: false,
        resolvedBy: null,
        comments: [
          {
            author: 'Rita',
            body: 'Edited since. (edited after this time: this is its latest text)',
            isDeleted: false,
          },
          { author: 'Rita', body: '(deleted after this time; its text is not kept)', isDeleted: false },
          { author: 'Rita', body: '', isDeleted: true },
        ],
      },
    ]);
  });

  it('shows every thread and comment as they are now without a time', () => {
    const { threads } = chapterThreads('One', snapshot, names);
    expect(threads.map((t) => [t.isResolved, t.resolvedBy, t.comments.length])).toEqual([
      [true, 'Olive', 4],
      [false, null, 1],
    ]);
    expect(threads[0]!.comments[0]!.body).toBe('Edited since.');
  });

  it('says on the verso what an appendix of an earlier text can show', () => {
    expect(commentsStatement(true, true)).toMatch(/^Comments: included as an appendix, as they stood at/);
    expect(commentsStatement(true)).toBe('Comments: included as an appendix');
    expect(commentsStatement(false, true)).toBe('Comments: not included');
  });
});
