import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addChapter,
  addPart,
  appendChapters,
  createBook,
  deletePart,
  moveChapter,
  neighboursOf,
  readBookIndex,
  removePurgedChapter,
  renameChapter,
  restoreChapter,
  setWordCount,
  stepTarget,
  trashChapter,
} from '../../src';

/** A book in layout 1 (before issue 21): an array of chapter maps, as older servers stored it. */
function legacyBook(titles: string[]): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    doc.getMap('book').set('title', 'Old');
    doc.getMap('book').set('createdAtMs', 1);
    for (const [i, title] of titles.entries()) {
      const map = new Y.Map<unknown>();
      map.set('id', `c${i}`);
      map.set('title', title);
      map.set('wordCount', i * 10);
      doc.getArray('chapters').push([map]);
    }
  });
  return doc;
}

const ids = (doc: Y.Doc) => readBookIndex(doc).chapters.map((chapter) => chapter.id);

function book(count: number): Y.Doc {
  const doc = new Y.Doc();
  createBook(doc, { title: 'B', nowMs: 1, firstChapter: { id: 'c0', title: 'One' } });
  for (let i = 1; i < count; i += 1) addChapter(doc, { id: `c${i}`, title: `T${i}` });
  return doc;
}

describe('book index', () => {
  it('reads a layout-1 book as it was: order, titles, word counts', () => {
    const view = readBookIndex(legacyBook(['A', 'B', 'C']));
    expect(view.chapters.map((c) => [c.id, c.title, c.wordCount])).toEqual([
      ['c0', 'A', 0],
      ['c1', 'B', 10],
      ['c2', 'C', 20],
    ]);
    expect(view.wordCount).toBe(30);
  });

  it('migrates a layout-1 book on its first change and keeps its order', () => {
    const doc = legacyBook(['A', 'B', 'C']);
    moveChapter(doc, 'c2', { partId: null, beforeId: 'c0' });
    expect(ids(doc)).toEqual(['c2', 'c0', 'c1']);
    expect(doc.getMap('chapterEntries').size).toBe(3);
  });

  it('reorders, renames and counts words', () => {
    const doc = book(4);
    moveChapter(doc, 'c0', { partId: null, beforeId: null });
    moveChapter(doc, 'c3', { partId: null, beforeId: 'c1' });
    renameChapter(doc, 'c3', '  New   title ');
    setWordCount(doc, 'c3', 7);
    const view = readBookIndex(doc);
    expect(view.chapters.map((c) => c.id)).toEqual(['c3', 'c1', 'c2', 'c0']);
    expect(view.chapters[0]).toMatchObject({ title: 'New title', wordCount: 7 });
  });

  it('groups chapters in parts, in reading order, and ungroups them when the part goes', () => {
    const doc = book(4);
    addPart(doc, { id: 'p1', title: 'Part one' });
    moveChapter(doc, 'c1', { partId: 'p1', beforeId: null });
    moveChapter(doc, 'c2', { partId: 'p1', beforeId: 'c1' });
    let view = readBookIndex(doc);
    expect(view.toc).toEqual([
      { kind: 'chapter', id: 'c0' },
      { kind: 'chapter', id: 'c3' },
      { kind: 'part', id: 'p1' },
    ]);
    expect(view.parts[0]).toMatchObject({ title: 'Part one', chapterIds: ['c2', 'c1'] });
    expect(view.chapters.map((c) => c.id)).toEqual(['c0', 'c3', 'c2', 'c1']);
    deletePart(doc, 'p1');
    view = readBookIndex(doc);
    expect(view.parts).toEqual([]);
    expect(view.chapters.map((c) => c.id)).toEqual(['c0', 'c3', 'c2', 'c1']);
  });

  it('keeps a trashed chapter apart with who and when, and restores it to its place', () => {
    const doc = book(3);
    trashChapter(doc, 'c1', { nowMs: 50, userId: 'u1' });
    let view = readBookIndex(doc);
    expect(view.chapters.map((c) => c.id)).toEqual(['c0', 'c2']);
    expect(view.trash).toMatchObject([{ id: 'c1', deletedAtMs: 50, deletedBy: 'u1' }]);
    restoreChapter(doc, 'c1');
    view = readBookIndex(doc);
    expect(view.chapters.map((c) => c.id)).toEqual(['c0', 'c1', 'c2']);
    expect(view.trash).toEqual([]);
  });

  it('forgets a purged chapter for good, even one only a layout-1 list still names', () => {
    const doc = legacyBook(['A', 'B']);
    removePurgedChapter(doc, 'c1', 9);
    expect(ids(doc)).toEqual(['c0']);
    expect(readBookIndex(doc).trash).toEqual([]);
  });

  it('steps a chapter through parts with the keyboard and back out', () => {
    const doc = book(3);
    addPart(doc, { id: 'p', title: 'P' });
    moveChapter(doc, 'c2', { partId: 'p', beforeId: null });
    // c0 c1 [p: c2]
    const step = (id: string, direction: 'up' | 'down') => {
      const target = stepTarget(readBookIndex(doc), id, direction);
      if (target) moveChapter(doc, id, target);
      return target;
    };
    step('c1', 'down'); // into p, first
    expect(readBookIndex(doc).parts[0]!.chapterIds).toEqual(['c1', 'c2']);
    step('c1', 'down');
    expect(readBookIndex(doc).parts[0]!.chapterIds).toEqual(['c2', 'c1']);
    step('c1', 'down'); // out of p, after it
    expect(readBookIndex(doc).toc.map((item) => item.id)).toEqual(['c0', 'p', 'c1']);
    expect(step('c1', 'down')).toBeNull();
    step('c0', 'up');
    expect(step('c0', 'up')).toBeNull();
    step('c0', 'down');
    expect(readBookIndex(doc).toc.map((item) => item.id)).toEqual(['p', 'c1']);
    expect(ids(doc)).toEqual(['c0', 'c2', 'c1']);
  });

  it('names the previous and next chapters in reading order', () => {
    const doc = book(3);
    const view = readBookIndex(doc);
    expect(neighboursOf(view, 'c0')).toEqual({ previous: null, next: { id: 'c1', title: 'T1' } });
    expect(neighboursOf(view, 'c2').next).toBeNull();
  });

  it('appends 10,000 chapters in one change and reads them in order quickly', () => {
    const doc = new Y.Doc();
    const chapters = Array.from({ length: 10_000 }, (_, i) => ({ id: `k${i}`, title: `T${i}` }));
    const started = Date.now();
    appendChapters(doc, { title: 'Big', nowMs: 1, chapters });
    const view = readBookIndex(doc);
    expect(view.chapters.map((c) => c.id)).toEqual(chapters.map((c) => c.id));
    moveChapter(doc, 'k9999', { partId: null, beforeId: 'k0' });
    expect(readBookIndex(doc).chapters[0]!.id).toBe('k9999');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses unknown chapters and parts with their ids', () => {
    const doc = book(1);
    expect(() => moveChapter(doc, 'nope', { partId: null, beforeId: null })).toThrow(/"nope"/);
    expect(() => moveChapter(doc, 'c0', { partId: 'px', beforeId: null })).toThrow(/"px"/);
  });
});
