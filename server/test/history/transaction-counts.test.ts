import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DeletionIndex, decodeIdRanges, encodeIdRanges, mergeIdRanges } from '../../src/history/id-ranges';
import { countTransaction, type TransactionCounts } from '../../src/history/transaction-counts';
import { writingSessions } from '../../src/history/contribution-stats';
import { countWordStarts } from '../../src/history/words';

/** Applies `edit` on a client doc and returns what the server-side count of the resulting update is. */
function countRemote(server: Y.Doc, client: Y.Doc, edit: (text: Y.Text) => void): TransactionCounts {
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  const before = Y.encodeStateVector(client);
  edit(client.getText('t'));
  let counts: TransactionCounts | null = null;
  const listener = (tr: Y.Transaction) => (counts = countTransaction(tr));
  server.on('afterTransaction', listener);
  Y.applyUpdate(server, Y.encodeStateAsUpdate(client, before), 'peer');
  server.off('afterTransaction', listener);
  return counts!;
}

describe('countTransaction', () => {
  it('counts characters and words typed one key at a time, and words deleted', () => {
    const server = new Y.Doc();
    const client = new Y.Doc();
    let words = 0;
    let chars = 0;
    for (const char of 'hello big world') {
      const counts = countRemote(server, client, (t) => t.insert(t.length, char));
      words += counts.wordsAdded;
      chars += counts.charsInserted;
    }
    expect({ words, chars }).toEqual({ words: 3, chars: 15 });
    const removed = countRemote(server, client, (t) => t.delete(5, 4));
    expect(removed).toMatchObject({ charsDeleted: 4, wordsRemoved: 1, charsInserted: 0, hasChanges: true });
    expect(removed.deleted.reduce((sum, r) => sum + r.len, 0)).toBe(4);
    expect(server.getText('t').toString()).toBe('hello world');
    // Deleting the end of a word removes no word; the start of one does.
    expect(countRemote(server, client, (t) => t.delete(3, 2)).wordsRemoved).toBe(0);
    expect(countRemote(server, client, (t) => t.delete(4, 1)).wordsRemoved).toBe(1);
  });

  it('counts a paste in the middle of a word by the words it starts', () => {
    const server = new Y.Doc();
    const client = new Y.Doc();
    countRemote(server, client, (t) => t.insert(0, 'ab'));
    expect(countRemote(server, client, (t) => t.insert(1, 'x y z')).wordsAdded).toBe(2);
  });

  it('reports an update that changes nothing as having no changes', () => {
    const server = new Y.Doc();
    const client = new Y.Doc();
    countRemote(server, client, (t) => t.insert(0, 'a'));
    let counts: TransactionCounts | null = null;
    server.on('afterTransaction', (tr: Y.Transaction) => (counts = countTransaction(tr)));
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
    expect(counts!.hasChanges).toBe(false);
  });
});

describe('words, id ranges and sessions', () => {
  it('counts word starts in any script with the character before as context', () => {
    expect(countWordStarts('über straße 12', undefined)).toBe(3);
    expect(countWordStarts('lo world', 'l')).toBe(1);
    expect(countWordStarts('  ', 'a')).toBe(0);
  });

  it('round-trips merged id ranges and finds the first deleter of an id', () => {
    const ranges = [
      { client: 7, clock: 10, len: 2 },
      { client: 3, clock: 0, len: 1 },
      { client: 7, clock: 12, len: 3 },
      { client: 7, clock: 40, len: 1 },
    ];
    expect(mergeIdRanges(ranges)).toEqual([
      { client: 3, clock: 0, len: 1 },
      { client: 7, clock: 10, len: 5 },
      { client: 7, clock: 40, len: 1 },
    ]);
    expect(decodeIdRanges(encodeIdRanges(ranges))).toEqual(mergeIdRanges(ranges));
    const index = new DeletionIndex();
    index.add(decodeIdRanges(encodeIdRanges(ranges)), 'ann');
    index.add([{ client: 7, clock: 100, len: 5 }], 'bob');
    expect([
      index.deleterOf(7, 14),
      index.deleterOf(7, 15),
      index.deleterOf(7, 102),
      index.deleterOf(9, 0),
    ]).toEqual(['ann', undefined, 'bob', undefined]);
  });

  it('splits a user’s minutes into writing sessions at pauses longer than the gap', () => {
    const row = (minute: number) => ({
      doc: 'b/c' as never,
      userId: 'ann',
      minuteMs: minute * 60_000,
      charsInserted: 1,
      charsDeleted: 0,
      wordsAdded: 1,
      wordsRemoved: 0,
    });
    const sessions = writingSessions([row(0), row(1), row(5), row(100), row(101)], 30 * 60_000);
    expect(sessions.map((s) => [s.start, s.end, s.charsInserted])).toEqual([
      ['1970-01-01T00:00:00.000Z', '1970-01-01T00:06:00.000Z', 3],
      ['1970-01-01T01:40:00.000Z', '1970-01-01T01:42:00.000Z', 2],
    ]);
  });
});
