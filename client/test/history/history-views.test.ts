import type { ContributorStatsView, CreditsView, DiffRun } from '@wethink/shared/client';
import { describe, expect, it } from 'vitest';
import { activeContributors, contributionBars } from '../../src/history/contribution-bars';
import { creditsText } from '../../src/history/credits-text';
import { diffAuthors, diffLines } from '../../src/history/diff-segments';

describe('diffLines', () => {
  it('splits runs into lines at block breaks and keeps who wrote or deleted each segment', () => {
    const runs: DiffRun[] = [
      { kind: 'equal', text: 'Once upon ', userId: 'u_ada' },
      { kind: 'delete', text: 'a time', userId: 'u_ben', writtenBy: 'u_ada' },
      { kind: 'insert', text: 'the sea\nThe end', userId: 'u_ben' },
      { kind: 'equal', text: '.' },
    ];
    expect(diffLines(runs)).toEqual([
      [
        { kind: 'equal', text: 'Once upon ', userId: 'u_ada', writtenBy: null },
        { kind: 'delete', text: 'a time', userId: 'u_ben', writtenBy: 'u_ada' },
        { kind: 'insert', text: 'the sea', userId: 'u_ben', writtenBy: null },
      ],
      [
        { kind: 'insert', text: 'The end', userId: 'u_ben', writtenBy: null },
        { kind: 'equal', text: '.', userId: null, writtenBy: null },
      ],
    ]);
  });

  it('gives an empty diff one empty line', () => {
    expect(diffLines([])).toEqual([[]]);
  });
});

describe('diffAuthors', () => {
  it('counts characters inserted and deleted per person, most first, unknown last, equal text for nobody', () => {
    const runs: DiffRun[] = [
      { kind: 'equal', text: 'same', userId: 'u_ada' },
      { kind: 'insert', text: 'ab', userId: 'u_ada' },
      { kind: 'delete', text: 'xyz\n', userId: 'u_ben' },
      { kind: 'insert', text: 'q' },
      { kind: 'insert', text: 'cd', userId: 'u_ben' },
    ];
    expect(diffAuthors(runs)).toEqual([
      { userId: 'u_ben', inserted: 2, deleted: 3 },
      { userId: 'u_ada', inserted: 2, deleted: 0 },
      { userId: null, inserted: 1, deleted: 0 },
    ]);
  });
});

const stats = (userId: string, patch: Partial<ContributorStatsView>): ContributorStatsView => ({
  userId,
  name: userId,
  charsInserted: 0,
  charsDeleted: 0,
  wordsAdded: 0,
  wordsRemoved: 0,
  wordsSurviving: 0,
  activeDays: 0,
  writingSessions: 0,
  sessions: [],
  commentsWritten: 0,
  threadsResolved: 0,
  suggestionsMade: 0,
  suggestionsAccepted: 0,
  ...patch,
});

describe('contributionBars', () => {
  it('scales every bar to the longest one and orders authors by surviving words', () => {
    const bars = contributionBars([
      stats('ada', { wordsAdded: 50, wordsRemoved: 10, wordsSurviving: 40, activeDays: 2 }),
      stats('ben', { wordsAdded: 200, wordsRemoved: 20, wordsSurviving: 100, activeDays: 1 }),
      stats('cat', {}),
    ]);
    expect(bars.map((bar) => [bar.userId, bar.addedWidth, bar.removedWidth, bar.survivingWidth])).toEqual([
      ['ben', 1, 0.1, 0.5],
      ['ada', 0.25, 0.05, 0.2],
    ]);
    expect(bars[1]?.activeDays).toBe(2);
  });

  it('gives people who only commented or resolved a row with their counts', () => {
    const bars = contributionBars([
      stats('ada', { wordsAdded: 5, wordsSurviving: 5, threadsResolved: 1 }),
      stats('rita', { commentsWritten: 3 }),
      stats('cat', {}),
    ]);
    expect(bars.map((bar) => [bar.userId, bar.commentsWritten, bar.threadsResolved, bar.addedWidth])).toEqual(
      [
        ['ada', 0, 1, 1],
        ['rita', 3, 0, 0],
      ],
    );
  });

  it('draws no bars for nobody', () => {
    expect(contributionBars([])).toEqual([]);
  });
});

describe('activeContributors', () => {
  it('names only people who inserted or deleted characters in the range', () => {
    const users = [
      stats('ada', { charsInserted: 3 }),
      stats('ben', { wordsSurviving: 9 }),
      stats('cat', { charsDeleted: 1 }),
    ];
    expect(activeContributors(users)).toEqual(['ada', 'cat']);
  });
});

describe('creditsText', () => {
  it('lists the book and each chapter in the book order, by surviving words', () => {
    const credits: CreditsView = {
      bookId: 'b',
      authors: [
        { userId: 'ben', name: 'Ben', words: 1200 },
        { userId: 'ada', name: 'Ada', words: 1 },
      ],
      chapters: [
        { chapterId: 'c2', authors: [{ userId: 'ada', name: 'Ada', words: 1 }] },
        { chapterId: 'c1', authors: [{ userId: 'ben', name: 'Ben', words: 1200 }] },
        { chapterId: 'gone', authors: [] },
      ],
      reviewers: [],
    };
    const chapters = [
      { id: 'c1', title: 'Start' },
      { id: 'c2', title: 'Middle' },
      { id: 'c3', title: 'End' },
    ];
    expect(creditsText('Sea Book', credits, chapters)).toBe(
      [
        'Sea Book',
        '',
        'Written by Ben (1,200 words), Ada (1 word).',
        '',
        '1. Start: Ben (1,200 words)',
        '2. Middle: Ada (1 word)',
        '3. End: no text yet',
      ].join('\n'),
    );
  });
});
