import { bookSchema, type DiffRun } from '@wethink/shared/client';
import { describe, expect, it } from 'vitest';
import { AuthorCursor, diffAttribution } from '../../src/history/diff-attribution';
import { changedPassages } from '../../src/history/diff-passages';
import { doc, h1, p } from '../builder';

describe('changedPassages', () => {
  it('shows each changed block with one block around it and counts the blocks left out', () => {
    const changed = [false, false, false, true, false, false, false, false, true, false];
    expect(changedPassages(changed)).toEqual([
      { kind: 'gap', count: 2 },
      { kind: 'block', index: 2 },
      { kind: 'block', index: 3 },
      { kind: 'block', index: 4 },
      { kind: 'gap', count: 2 },
      { kind: 'block', index: 7 },
      { kind: 'block', index: 8 },
      { kind: 'block', index: 9 },
    ]);
  });

  it('keeps neighbouring changes in one passage and leaves an unchanged chapter as one gap', () => {
    expect(changedPassages([true, false, true])).toEqual(
      [0, 1, 2].map((index) => ({ kind: 'block', index })),
    );
    expect(changedPassages([false, false, false])).toEqual([{ kind: 'gap', count: 3 }]);
  });
});

describe('diffAttribution', () => {
  const from = doc(h1('Title'), p('Old words.')).node;
  const to = doc(h1('Title'), p('New words.')).node;
  const runs: DiffRun[] = [
    { kind: 'equal', text: 'Title\n', userId: 'ada' },
    { kind: 'delete', text: 'Old', userId: 'ben', writtenBy: 'ada' },
    { kind: 'insert', text: 'New', userId: 'ben' },
    { kind: 'equal', text: ' words.', userId: 'ada' },
  ];

  it('gives each side’s characters their writer or deleter, in document order', () => {
    const attribution = diffAttribution(runs, from, to);
    const toCursor = new AuthorCursor(attribution.to);
    toCursor.take('Title'.length);
    expect(toCursor.take(3).map((author) => author.userId)).toEqual(['ben', 'ben', 'ben']);
    const fromCursor = new AuthorCursor(attribution.from);
    fromCursor.take('Title'.length);
    expect(fromCursor.take(1)).toEqual([{ userId: 'ben', writtenBy: 'ada' }]);
  });

  it('leaves a side unattributed when the runs do not spell its text', () => {
    const other = bookSchema.node('doc', null, [
      bookSchema.node('paragraph', null, [bookSchema.text('Else')]),
    ]);
    expect(diffAttribution(runs, other, to)).toEqual({ from: null, to: expect.any(Array) });
  });
});
