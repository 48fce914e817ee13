import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AppError, CHAPTER_FRAGMENT_NAME, chapterFragment } from '@wethink/shared';
import { inspectUpdate } from '../../src/sync/update-guard';
import { encodeOddUpdate, oddUpdateArb, type OddTargets } from '../support/odd-updates';

const AUTHOR = 11;
const ATTACKER = 22;

/** A chapter an author wrote: a paragraph, a heading, some text deleted. */
function authoredChapter(): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  doc.clientID = AUTHOR;
  const fragment = chapterFragment(doc);
  doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph');
    fragment.insert(0, [paragraph]);
    paragraph.insert(0, [new Y.XmlText('hello world')]);
  });
  ((fragment.get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(0, 2);
  return doc;
}

/**
 * Whatever the guard lets into a chapter, the chapter can still be versioned (V2 encoding and a
 * snapshot), a version read back from its snapshot, and a fresh client load it, with nothing left
 * pending.
 */
function expectChapterHealthy(doc: Y.Doc): void {
  expect(doc.store.pendingStructs).toBeNull();
  expect(doc.store.pendingDs).toBeNull();
  const v2 = Y.encodeStateAsUpdateV2(doc);
  const snapshot = Y.snapshot(doc);
  Y.decodeSnapshotV2(Y.encodeSnapshotV2(snapshot));
  const fresh = new Y.Doc();
  Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc));
  expect(chapterFragment(fresh).toString()).toBe(chapterFragment(doc).toString());
  const fromV2 = new Y.Doc();
  Y.applyUpdateV2(fromV2, v2);
  expect(chapterFragment(fromV2).toString()).toBe(chapterFragment(doc).toString());
}

describe('structurally odd updates against the guard', () => {
  it('never lets one in that breaks versions, encoding or a fresh load', () => {
    const base = Y.encodeStateAsUpdate(authoredChapter());
    const targets: OddTargets = {
      attacker: ATTACKER,
      author: AUTHOR,
      authorClock: Y.getState(authoredChapter().store, AUTHOR),
      rootName: CHAPTER_FRAGMENT_NAME,
    };
    fc.assert(
      fc.property(fc.array(oddUpdateArb(targets), { minLength: 1, maxLength: 3 }), (odd) => {
        const doc = new Y.Doc();
        Y.applyUpdate(doc, base);
        const owners = new Map<number, string>([[AUTHOR, 'user:author']]);
        for (const spec of odd) {
          const update = encodeOddUpdate(spec);
          let claims: Set<number>;
          try {
            claims = inspectUpdate(update, {
              stateOf: (client) => Y.getState(doc.store, client),
              ownerOf: (client) => owners.get(client),
              principal: 'user:attacker',
            });
          } catch (error) {
            if (error instanceof AppError) continue;
            throw error;
          }
          for (const client of claims) owners.set(client, 'user:attacker');
          Y.applyUpdate(doc, update);
          expectChapterHealthy(doc);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
