import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BookIndex } from '../src/book/book-index';
import { seedChapter } from '../src/book/chapter-content';
import { chapterFragment } from '@wethink/shared/client';

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('BookIndex', () => {
  it('does not exist until created, then lists its first chapter', () => {
    const index = new BookIndex(new Y.Doc());
    expect(index.read()).toMatchObject({ isCreated: false, chapters: [], title: 'Untitled book' });
    index.create({ title: '  The  Book ', nowMs: 1, firstChapter: { id: 'c1', title: 'Opening' } });
    expect(index.read()).toMatchObject({
      title: 'The Book',
      isCreated: true,
      chapters: [{ id: 'c1', title: 'Opening', wordCount: 0, partId: null }],
      trash: [],
      parts: [],
      wordCount: 0,
    });
  });

  it('merges chapters added by two authors at once and sums word counts', () => {
    const [docA, docB] = [new Y.Doc(), new Y.Doc()];
    new BookIndex(docA).create({ title: 'B', nowMs: 1, firstChapter: { id: 'c1', title: 'One' } });
    sync(docA, docB);
    new BookIndex(docA).addChapter({ id: 'c2', title: 'Two' });
    new BookIndex(docB).addChapter({ id: 'c3', title: '' });
    new BookIndex(docB).setWordCount('c1', 120);
    sync(docA, docB);
    const [a, b] = [new BookIndex(docA).read(), new BookIndex(docB).read()];
    expect(a).toEqual(b);
    expect(a.chapters.map((chapter) => chapter.id).sort()).toEqual(['c1', 'c2', 'c3']);
    expect(a.wordCount).toBe(120);
  });

  it('renames a chapter and refuses unknown ids with the id in the message', () => {
    const index = new BookIndex(new Y.Doc());
    index.create({ title: 'B', nowMs: 1, firstChapter: { id: 'c1', title: 'One' } });
    index.renameChapter('c1', 'Prologue');
    expect(index.findChapter('c1')?.title).toBe('Prologue');
    expect(() => index.renameChapter('nope', 'x')).toThrow(/"nope"/);
    expect(() => index.setWordCount('c1', -1)).toThrow(/-1/);
  });
});

describe('seedChapter', () => {
  it('writes one empty paragraph with one shared text, once', () => {
    const ydoc = new Y.Doc();
    seedChapter(ydoc);
    seedChapter(ydoc);
    const fragment = chapterFragment(ydoc);
    expect(fragment.length).toBe(1);
    expect((fragment.get(0) as Y.XmlElement).get(0)).toBeInstanceOf(Y.XmlText);
  });

  it('lets two authors type into the seeded paragraph at once without a second text node', () => {
    const [docA, docB] = [new Y.Doc(), new Y.Doc()];
    seedChapter(docA);
    sync(docA, docB);
    const textOf = (ydoc: Y.Doc) => (chapterFragment(ydoc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    textOf(docA).insert(0, 'abc');
    textOf(docB).insert(0, '123');
    sync(docA, docB);
    expect((chapterFragment(docA).get(0) as Y.XmlElement).length).toBe(1);
    expect(textOf(docA).toString()).toBe(textOf(docB).toString());
    expect(textOf(docA).toString()).toHaveLength(6);
  });
});
