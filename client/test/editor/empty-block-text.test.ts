import { chapterFragment } from '@wethink/shared/client';
import { describe, expect, it } from 'vitest';
import { ySyncPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';
import { giveEmptyBlocksText } from '../../src/editor/empty-block-text';

const isTextblock = (name: string) => name === 'paragraph' || name === 'heading';

function sync(...docs: Y.Doc[]): void {
  for (const from of docs) {
    for (const to of docs)
      if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
  }
}

describe('giveEmptyBlocksText', () => {
  it('adds an empty text to a paragraph the editor creates, also nested in new lists', () => {
    const ydoc = new Y.Doc();
    const fragment = chapterFragment(ydoc);
    const stop = giveEmptyBlocksText(fragment, isTextblock);
    const paragraph = new Y.XmlElement('paragraph');
    const list = new Y.XmlElement('bullet_list');
    const item = new Y.XmlElement('list_item');
    const inner = new Y.XmlElement('paragraph');
    item.insert(0, [inner]);
    list.insert(0, [item]);
    ydoc.transact(() => fragment.insert(0, [paragraph, list]), ySyncPluginKey);
    expect(paragraph.toArray()).toHaveLength(1);
    expect(paragraph.get(0)).toBeInstanceOf(Y.XmlText);
    expect(inner.get(0)).toBeInstanceOf(Y.XmlText);
    stop();
  });

  it('leaves changes from elsewhere (remote, seeding) and non-empty blocks alone', () => {
    const ydoc = new Y.Doc();
    const fragment = chapterFragment(ydoc);
    const stop = giveEmptyBlocksText(fragment, isTextblock);
    const remote = new Y.XmlElement('paragraph');
    ydoc.transact(() => fragment.insert(0, [remote]), 'provider');
    expect(remote.length).toBe(0);
    const rule = new Y.XmlElement('horizontal_rule');
    ydoc.transact(() => fragment.insert(1, [rule]), ySyncPluginKey);
    expect(rule.length).toBe(0);
    stop();
  });

  it('lets three authors type into a new paragraph at once with one text node and no duplicates', () => {
    const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
    const [creator] = docs as [Y.Doc, Y.Doc, Y.Doc];
    const stop = giveEmptyBlocksText(chapterFragment(creator), isTextblock);
    creator.transact(
      () => chapterFragment(creator).insert(0, [new Y.XmlElement('paragraph')]),
      ySyncPluginKey,
    );
    sync(...docs);
    docs.forEach((ydoc, i) => {
      const text = (chapterFragment(ydoc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
      text.insert(0, ['abc', '123', 'XYZ'][i] ?? '');
    });
    sync(...docs);
    const texts = docs.map((ydoc) => chapterFragment(ydoc).toString());
    expect(new Set(texts).size).toBe(1);
    expect((chapterFragment(creator).get(0) as Y.XmlElement).length).toBe(1);
    expect((chapterFragment(creator).get(0) as Y.XmlElement).get(0)?.toString()).toHaveLength(9);
    stop();
  });
});
