import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  AppError,
  anchoredText,
  chapterFragment,
  decodeAnchor,
  encodeAnchor,
  type AnchorPositions,
} from '../../src';

/** A chapter of paragraphs, each one XmlText, as y-prosemirror stores them. */
function chapterWith(paragraphs: string[], clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const fragment = chapterFragment(doc);
  doc.transact(() => {
    for (const text of paragraphs) {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(text)]);
      fragment.push([paragraph]);
    }
  });
  return doc;
}

const textOf = (doc: Y.Doc, block: number): Y.XmlText =>
  (chapterFragment(doc).get(block) as Y.XmlElement).get(0) as Y.XmlText;

/** The anchor a client makes for [from, to) of one paragraph: start sticks right, end sticks left. */
function anchorIn(doc: Y.Doc, block: number, from: number, to: number): AnchorPositions {
  const text = textOf(doc, block);
  return decodeAnchor(
    encodeAnchor({
      start: Y.createRelativePositionFromTypeIndex(text, from, 0),
      end: Y.createRelativePositionFromTypeIndex(text, to, -1),
    }),
  );
}

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

/** Whether `small`'s characters appear in `large` in order. */
function isSubsequence(small: string, large: string): boolean {
  let at = 0;
  for (const char of large) if (at < small.length && char === small[at]) at += 1;
  return at === small.length;
}

type Edit = { kind: 'insert'; at: number; text: string } | { kind: 'delete'; at: number; length: number };

const edit = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(200),
    text: fc.string({ unit: fc.constantFrom('x', 'y', 'z', ' '), minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(200),
    length: fc.integer({ min: 1, max: 4 }),
  }),
);

function apply(text: Y.XmlText, change: Edit, keepOut?: { from: number; to: number }): void {
  const length = text.length;
  if (change.kind === 'insert') {
    let at = Math.min(change.at, length);
    // Inserting at either edge of the passage stays outside it (start sticks right, end left).
    if (keepOut && at > keepOut.from && at < keepOut.to) at = keepOut.to;
    text.insert(at, change.text);
    return;
  }
  if (length === 0) return;
  let at = change.at % length;
  let count = Math.min(change.length, length - at);
  // Deletions that must not touch the passage are clipped to the text outside it.
  if (keepOut && at < keepOut.to && at + count > keepOut.from) {
    if (at < keepOut.from) count = keepOut.from - at;
    else {
      at = Math.max(at, keepOut.to);
      count = Math.min(count, length - at);
    }
  }
  if (count > 0) text.delete(at, count);
}

describe('comment anchors', () => {
  it('cover exactly the passage, across paragraphs too', () => {
    const doc = chapterWith(['The first paragraph.', 'A second one here.'], 1);
    expect(anchoredText(chapterFragment(doc), anchorIn(doc, 0, 4, 9))).toBe('first');
    const across = decodeAnchor(
      encodeAnchor({
        start: Y.createRelativePositionFromTypeIndex(textOf(doc, 0), 10, 0),
        end: Y.createRelativePositionFromTypeIndex(textOf(doc, 1), 8, -1),
      }),
    );
    expect(anchoredText(chapterFragment(doc), across)).toBe('paragraph.\nA second');
  });

  it('survive concurrent edits by other writers: untouched passages stay whole, edits inside keep its letters in order', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' '), minLength: 6, maxLength: 40 }),
        fc.nat(),
        fc.nat(),
        fc.array(edit, { maxLength: 12 }),
        fc.array(edit, { maxLength: 12 }),
        fc.boolean(),
        (initial, fromSeed, lengthSeed, editsA, editsB, touchInside) => {
          const from = fromSeed % (initial.length - 1);
          const to = from + 1 + (lengthSeed % (initial.length - from - 1 || 1));
          const quote = initial.slice(from, to);
          const a = chapterWith([initial], 1);
          const b = new Y.Doc();
          b.clientID = 2;
          sync(a, b);
          const anchor = anchorIn(a, 0, from, to);
          // Writer A never touches the passage; writer B only does when `touchInside` (inserts only).
          const passageIn = (doc: Y.Doc): { from: number; to: number } | undefined => {
            const start = Y.createAbsolutePositionFromRelativePosition(anchor.start, doc)!;
            const end = Y.createAbsolutePositionFromRelativePosition(anchor.end, doc)!;
            return { from: start.index, to: end.index };
          };
          for (const change of editsA) apply(textOf(a, 0), change, passageIn(a));
          for (const change of editsB) {
            if (touchInside && change.kind === 'insert') apply(textOf(b, 0), change);
            else apply(textOf(b, 0), change, passageIn(b));
          }
          sync(a, b);
          const onA = anchoredText(chapterFragment(a), anchor);
          expect(onA).toBe(anchoredText(chapterFragment(b), anchor));
          if (touchInside) expect(isSubsequence(quote, onA)).toBe(true);
          else expect(onA).toBe(quote);
          // The anchored text is where the document says it is.
          expect(textOf(a, 0).toString()).toContain(onA);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('orphan when the whole passage is deleted, even concurrently with edits around it', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', ' '), minLength: 6, maxLength: 30 }),
        fc.nat(),
        fc.array(edit, { maxLength: 8 }),
        (initial, seed, around) => {
          const from = seed % (initial.length - 2);
          const to = from + 2;
          const a = chapterWith([initial], 1);
          const b = new Y.Doc();
          b.clientID = 2;
          sync(a, b);
          const anchor = anchorIn(a, 0, from, to);
          textOf(a, 0).delete(from, 2);
          for (const change of around) {
            if (change.kind === 'delete') apply(textOf(b, 0), change);
          }
          sync(a, b);
          expect(anchoredText(chapterFragment(a), anchor)).toBe('');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('orphan when the paragraph holding the passage is removed', () => {
    const doc = chapterWith(['Keep me.', 'Delete this paragraph.'], 1);
    const anchor = anchorIn(doc, 1, 0, 6);
    expect(anchoredText(chapterFragment(doc), anchor)).toBe('Delete');
    chapterFragment(doc).delete(1, 1);
    expect(anchoredText(chapterFragment(doc), anchor)).toBe('');
  });

  it('refuse malformed anchors with invalid-request instead of throwing anything else', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.string({ maxLength: 80 }), (start, end) => {
        try {
          decodeAnchor({ start, end });
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe('invalid-request');
        }
      }),
      { numRuns: 500 },
    );
    expect(() => decodeAnchor({ start: 'A'.repeat(600), end: 'AA==' })).toThrow(AppError);
  });
});
