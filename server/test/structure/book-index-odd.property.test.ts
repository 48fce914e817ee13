import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  AppError,
  addChapter,
  addPart,
  blockedOf,
  createBook,
  entriesOf,
  legacyOf,
  metaOf,
  partsOf,
  purgedOf,
  readBookIndex,
  trashChapter,
} from '@wethink/shared';
import { readOutline } from '../../src/export/book-outline';
import { BookIndexRule } from '../../src/structure/book-index-rule';

const WRITER = 'user:writer';
const CHAPTERS = ['c1', 'c2', 'c3', 'c4'];

/** A book as its authors leave it: four chapters, one in a part, one in the trash, one purged. */
function authoredBook(): Y.Doc {
  const doc = new Y.Doc();
  createBook(doc, { title: 'Odd', nowMs: 1, firstChapter: { id: 'c1', title: 'One' } });
  for (const [id, title] of [
    ['c2', 'Two'],
    ['c3', 'Three'],
    ['c4', 'Four'],
    ['gone', 'Purged'],
  ] as const) {
    addChapter(doc, { id, title });
  }
  addPart(doc, { id: 'p1', title: 'Part' });
  entriesOf(doc).get('c3')!.set('partId', 'p1');
  trashChapter(doc, 'c4', { nowMs: 5, userId: 'writer' });
  purgedOf(doc).set('gone', 7);
  blockedOf(doc).set('troll', 8);
  return doc;
}

/** Values no editor writes: wrong types, non-finite numbers, nested shared types, huge strings. */
const oddValue: fc.Arbitrary<() => unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).map((value) => () => value),
  fc
    .constantFrom(NaN, Infinity, -Infinity, -1, 1e300, 0, '', ' ', 'a0', 'zzzz', null, true)
    .map((v) => () => v),
  fc.constant(() => new Uint8Array([1, 2, 3])),
  fc.constant(() => new Y.Map()),
  fc.constant(() => new Y.Array()),
  fc.constant(() => new Y.Text('odd')),
  fc.constant(() => 'x'.repeat(5000)),
);

const key = fc.constantFrom(
  'title',
  'wordCount',
  'position',
  'partId',
  'deletedAtMs',
  'deletedBy',
  'id',
  'other',
);
const chapterId = fc.oneof(fc.constantFrom(...CHAPTERS, 'gone', 'new', ''), fc.string({ maxLength: 8 }));

type Op = (doc: Y.Doc) => void;

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.tuple(chapterId, key, oddValue).map(([id, field, value]): Op => (doc) => {
    const entry: unknown = entriesOf(doc).get(id);
    if (entry instanceof Y.Map) entry.set(field, value());
  }),
  fc.tuple(chapterId, oddValue).map(
    ([id, value]): Op =>
      (doc) =>
        entriesOf(doc).set(id, value() as never),
  ),
  fc
    .tuple(chapterId, fc.array(fc.tuple(key, oddValue), { maxLength: 4 }))
    .map(([id, fields]): Op => (doc) => {
      const entry = new Y.Map<unknown>();
      entriesOf(doc).set(id, entry);
      for (const [field, value] of fields) entry.set(field, value());
    }),
  chapterId.map(
    (id): Op =>
      (doc) =>
        entriesOf(doc).delete(id),
  ),
  fc.tuple(fc.string({ maxLength: 6 }), key, oddValue).map(([id, field, value]): Op => (doc) => {
    const parts = partsOf(doc);
    const partId = parts.size > 0 && id === '' ? [...parts.keys()][0]! : id;
    const part = parts.get(partId);
    if (part instanceof Y.Map) part.set(field, value());
    else parts.set(partId, value() as never);
  }),
  fc.constant<Op>((doc) => [...partsOf(doc).keys()].forEach((id) => partsOf(doc).delete(id))),
  fc.tuple(fc.constantFrom('title', 'createdAtMs', 'other'), oddValue).map(
    ([field, value]): Op =>
      (doc) =>
        metaOf(doc).set(field, value()),
  ),
  fc.constantFrom('title', 'createdAtMs').map(
    (field): Op =>
      (doc) =>
        metaOf(doc).delete(field),
  ),
  fc.tuple(chapterId, oddValue).map(([id, value]): Op => (doc) => {
    const item = new Y.Map<unknown>();
    legacyOf(doc).push([item]);
    item.set('id', id);
    item.set('title', value());
  }),
  oddValue.map(
    (value): Op =>
      (doc) =>
        legacyOf(doc).push([value()]),
  ),
  fc.constant<Op>((doc) => legacyOf(doc).length > 0 && legacyOf(doc).delete(0, 1)),
  fc.tuple(chapterId, oddValue).map(
    ([id, value]): Op =>
      (doc) =>
        purgedOf(doc).set(id, value() as never),
  ),
  chapterId.map(
    (id): Op =>
      (doc) =>
        purgedOf(doc).delete(id),
  ),
  fc.tuple(fc.string({ maxLength: 6 }), oddValue).map(([id, value]): Op => (doc) => {
    blockedOf(doc).set(id, value() as never);
  }),
  fc
    .tuple(fc.constantFrom('chapters', 'other', 'chapterEntries'), oddValue)
    .map(([name, value]): Op => (doc) => {
      if (name === 'chapters') doc.getArray(name).push([value()]);
      else doc.getMap(name === 'other' ? name : 'chapterEntries2').set('k', value());
    }),
  fc.tuple(chapterId, fc.integer({ min: 1, max: 99 })).map(([id, nowMs]): Op => (doc) => {
    // The editor's own call: it refuses (RangeError) a chapter it does not list.
    if (readBookIndex(doc).chapters.some((chapter) => chapter.id === id)) {
      trashChapter(doc, id, { nowMs, userId: 'writer' });
    }
  }),
);

/** Every chapter of the book, live or trashed, each exactly once. */
function listed(doc: Y.Doc): string[] {
  const view = readBookIndex(doc);
  return [...view.chapters.map((chapter) => chapter.id), ...view.trash.map((chapter) => chapter.id)];
}

describe("a writer's arbitrary changes to a book's chapter list", () => {
  it('are admitted only when every chapter stays listed once and the server-only records are untouched; readers never fail', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        (updates) => {
          const live = authoredBook();
          const rule = new BookIndexRule(() => live);
          const before = {
            purged: [...purgedOf(live).entries()],
            blocked: [...blockedOf(live).entries()],
            createdAtMs: metaOf(live).get('createdAtMs'),
          };
          for (const ops of updates) {
            const writer = new Y.Doc();
            Y.applyUpdate(writer, Y.encodeStateAsUpdate(live));
            const vector = Y.encodeStateVector(writer);
            writer.transact(() => {
              for (const change of ops) change(writer);
            });
            const update = Y.encodeStateAsUpdate(writer, vector);
            try {
              rule.admit(update, WRITER);
            } catch (error) {
              if (!(error instanceof AppError) || error.code !== 'forbidden') throw error;
              continue;
            }
            Y.applyUpdate(live, update);
            const ids = listed(live);
            expect(new Set(ids).size).toBe(ids.length);
            for (const id of CHAPTERS) expect(ids).toContain(id);
            expect(ids).not.toContain('gone');
            expect([...purgedOf(live).entries()]).toEqual(before.purged);
            expect([...blockedOf(live).entries()]).toEqual(before.blocked);
            expect(metaOf(live).get('createdAtMs')).toBe(before.createdAtMs);
            // What the export and the pages read from it.
            const outline = readOutline(live, 'Fallback');
            expect(typeof outline.title).toBe('string');
            expect(outline.chapters.every((chapter) => typeof chapter.title === 'string')).toBe(true);
          }
        },
      ),
      { numRuns: 400, seed: 2112 },
    );
  });
});
