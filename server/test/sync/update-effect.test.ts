import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { wouldChange } from '../../src/sync/update-effect';

/** A document with some text typed and some of it deleted, and a reader that synced it. */
function syncedPair() {
  const server = new Y.Doc();
  const text = server.getText('t');
  text.insert(0, 'hello wide world');
  text.delete(5, 5);
  text.insert(0, '>');
  const reader = new Y.Doc();
  Y.applyUpdate(reader, Y.encodeStateAsUpdate(server));
  return { server, reader };
}

describe('wouldChange', () => {
  it('is false for a synced reader’s sync step 2: nothing new, only the delete set the server has', () => {
    const { server, reader } = syncedPair();
    const step2 = Y.encodeStateAsUpdate(reader, Y.encodeStateVector(server));
    expect(step2.length).toBeGreaterThan(2); // not the empty update: it carries the delete set
    expect(wouldChange(server, step2)).toBe(false);
  });

  it('is true for a struct the server lacks, and for a delete of something not deleted', () => {
    const { server, reader } = syncedPair();
    const before = Y.encodeStateVector(reader);
    reader.getText('t').insert(0, 'x');
    expect(wouldChange(server, Y.encodeStateAsUpdate(reader, before))).toBe(true);
    const other = syncedPair();
    let deletion: Uint8Array | null = null;
    other.reader.on('update', (update: Uint8Array) => (deletion = update));
    other.reader.getText('t').delete(0, 1);
    expect(wouldChange(other.server, deletion!)).toBe(true);
  });

  it('agrees with applying the update and comparing the documents', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.nat(20), fc.string({ minLength: 1, maxLength: 3 })), {
          maxLength: 12,
        }),
        fc.array(fc.tuple(fc.boolean(), fc.nat(20), fc.string({ minLength: 1, maxLength: 3 })), {
          maxLength: 4,
        }),
        (shared, local) => {
          const server = new Y.Doc();
          const edit = (doc: Y.Doc, [isInsert, at, chars]: [boolean, number, string]) => {
            const text = doc.getText('t');
            if (isInsert) text.insert(at % (text.length + 1), chars);
            else if (text.length > 0)
              text.delete(at % text.length, Math.min(chars.length, text.length - (at % text.length)));
          };
          for (const step of shared) edit(server, step);
          const reader = new Y.Doc();
          Y.applyUpdate(reader, Y.encodeStateAsUpdate(server));
          for (const step of local) edit(reader, step);
          const update = Y.encodeStateAsUpdate(reader, Y.encodeStateVector(server));
          const copy = new Y.Doc();
          Y.applyUpdate(copy, Y.encodeStateAsUpdate(server));
          const before = Y.snapshot(copy);
          Y.applyUpdate(copy, update);
          expect(wouldChange(server, update)).toBe(!Y.equalSnapshots(before, Y.snapshot(copy)));
        },
      ),
      { numRuns: 500 },
    );
  });
});
