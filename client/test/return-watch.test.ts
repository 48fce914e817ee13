import { describe, expect, it } from 'vitest';
import { RETURN_WATCH_START, watchReturn, type ReturnWatchState } from '../src/collab/return-watch';
import type { ConnectionStatus } from '../src/collab/session-state';
import { reportLines } from '../src/components/return-report';

const state = (connection: ConnectionStatus, unsavedChanges = 0) => ({
  connection,
  save: { stage: 'saved' as const, unsavedChanges, unsavedOnDevice: 0 },
});

function run(steps: Array<[ConnectionStatus, number, number]>): Array<number | null> {
  let watch: ReturnWatchState = RETURN_WATCH_START;
  return steps.map(([connection, unsaved, nowMs]) => {
    const { next, returnedSinceMs } = watchReturn(watch, state(connection, unsaved), nowMs);
    watch = next;
    return returnedSinceMs;
  });
}

describe('offline return watch', () => {
  it('reports once, from when the session went offline, when the edits made offline are saved', () => {
    expect(
      run([
        ['connecting', 0, 0],
        ['live', 0, 1],
        ['offline', 0, 10],
        ['offline', 3, 20],
        ['connecting', 3, 30],
        ['live', 3, 40],
        ['live', 0, 50],
        ['live', 0, 60],
      ]),
    ).toEqual([null, null, null, null, null, null, 10, null]);
  });

  it('asks for nothing when nothing was edited offline, or before the first time live', () => {
    expect(
      run([
        ['live', 0, 1],
        ['offline', 0, 10],
        ['live', 0, 20],
      ]),
    ).toEqual([null, null, null]);
    expect(
      run([
        ['connecting', 2, 1],
        ['offline', 2, 10],
        ['live', 2, 20],
      ]),
    ).toEqual([null, null, null]);
  });
});

describe('return report lines', () => {
  it("names this person's changes and each other person's", () => {
    const changes = { charsInserted: 20, charsDeleted: 0, wordsAdded: 4, wordsRemoved: 1 };
    expect(
      reportLines({ chapterId: 'c', mine: changes, others: [{ ...changes, userId: 'u', name: 'Ben' }] }),
    ).toEqual([
      'Your changes went in: 4 words added, 1 word removed.',
      'Ben: 4 words added, 1 word removed.',
    ]);
    expect(reportLines({ chapterId: 'c', mine: null, others: [] })).toEqual([]);
  });
});
