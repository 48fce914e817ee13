import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { repairUpdate } from '../../src/sync/update-repair';
import { encodeOddUpdate, type OddStruct } from '../support/odd-updates';

const text = (t: string, origin: [number, number] | null = null): OddStruct => ({
  kind: 'item',
  content: { kind: 'string', text: t },
  origin: origin && { client: origin[0], clock: origin[1] },
  parent: 't',
  parentSub: null,
});

/** Stored updates an older guard let through (issue 16), and the text each must keep. */
const cases: [string, OddStruct[], string][] = [
  ['a zero-length GC first', [{ kind: 'gc', length: 0 }, text('z')], 'z'],
  ['a zero-length GC in the middle', [text('ab'), { kind: 'gc', length: 0 }, text('c', [7, 1])], 'abc'],
  ['an empty string item', [text('ab'), text('', [7, 1]), text('c', [7, 1])], 'abc'],
  ['a zero-length skip', [text('ab'), { kind: 'skip', length: 0 }, text('c', [7, 1])], 'abc'],
  ['an item that is its own origin', [text('ab'), text('c', [7, 2])], 'ab'],
];

describe('repairUpdate', () => {
  it.each(cases)(
    'repairs %s: it loads, encodes V2 and keeps the rest of the text',
    (_what, structs, kept) => {
      const stored = encodeOddUpdate({ client: 7, clock: 0, structs, deletes: [] });
      const repaired = repairUpdate(stored);
      expect(repaired?.changes.length).toBeGreaterThan(0);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, repaired!.update);
      expect(doc.getText('t').toString()).toBe(kept);
      expect(doc.store.pendingStructs).toBeNull();
      Y.encodeStateAsUpdateV2(doc);
      expect(repairUpdate(repaired!.update)).toBeNull();
    },
  );

  it('drops empty delete ranges and keeps the others', () => {
    const stored = encodeOddUpdate({
      client: 7,
      clock: 0,
      structs: [text('abcd')],
      deletes: [
        { client: 7, clock: 1, length: 0 },
        { client: 7, clock: 2, length: 1 },
      ],
    });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, repairUpdate(stored)!.update);
    expect(doc.getText('t').toString()).toBe('abd');
    Y.encodeStateAsUpdateV2(doc);
  });

  it('leaves a sound update alone, and re-encodes byte for byte what Yjs wrote (the contact point)', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'hello');
    doc.getMap('m').set('k', { nested: [1, 'x'] });
    doc.getText('t').delete(1, 2);
    const update = Y.encodeStateAsUpdate(doc);
    expect(repairUpdate(update)).toBeNull();
    // Force the writer on a sound update by adding an empty range, then compare the docs.
    const withEmpty = Y.mergeUpdates([
      update,
      encodeOddUpdate({ client: 9, clock: 0, structs: [], deletes: [{ client: 9, clock: 0, length: 0 }] }),
    ]);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, repairUpdate(withEmpty)?.update ?? withEmpty);
    expect(Y.encodeStateAsUpdate(copy)).toEqual(update);
  });
});
