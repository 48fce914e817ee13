import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { chapterFragment } from '@wethink/shared';
import { alignBlocks, buildRestoreUpdate } from '../../src/history/restore';

function applySteps(from: readonly string[], to: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  for (const step of alignBlocks(from, to)) {
    if (step.kind === 'keep') out.push(from[i++]!);
    else if (step.kind === 'delete') i += 1;
    else out.push(to[step.index]!);
  }
  expect(i).toBe(from.length);
  return out;
}

/** A chapter whose paragraphs are written by `clientId`, one transaction each. */
function chapter(doc: Y.Doc, paragraphs: string[]): void {
  const fragment = chapterFragment(doc);
  for (const text of paragraphs) {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(text)]);
    fragment.insert(fragment.length, [paragraph]);
  }
}

const writers = (doc: Y.Doc): Array<[string, number[]]> =>
  chapterFragment(doc)
    .toArray()
    .map((block) => {
      const text = (block as Y.XmlElement).firstChild as Y.XmlText;
      const clients = new Set<number>();
      for (let item = text._start; item; item = item.right) if (!item.deleted) clients.add(item.id.client);
      return [text.toString(), [...clients]];
    });

describe('alignBlocks', () => {
  it('turns any block list into any other, keeping every block the two share in order', () => {
    const blocks = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 30 });
    fc.assert(
      fc.property(blocks, blocks, (from, to) => {
        expect(applySteps(from, to)).toEqual(to);
        const kept = alignBlocks(from, to).filter((step) => step.kind === 'keep').length;
        // Never fewer kept than the longest common prefix plus the longest common suffix.
        let prefix = 0;
        while (prefix < Math.min(from.length, to.length) && from[prefix] === to[prefix]) prefix += 1;
        expect(kept).toBeGreaterThanOrEqual(prefix);
      }),
      { numRuns: 2000, seed: 11 },
    );
  });
});

describe('buildRestoreUpdate', () => {
  it('restores the version’s text and leaves unchanged paragraphs to their authors', () => {
    const live = new Y.Doc();
    live.clientID = 1;
    chapter(live, ['kept by Ada', 'draft line']);
    const version = new Y.Doc();
    Y.applyUpdate(version, Y.encodeStateAsUpdate(live));
    live.clientID = 2;
    const fragment = chapterFragment(live);
    ((fragment.get(1) as Y.XmlElement).firstChild as Y.XmlText).insert(0, 'rewritten ');
    chapter(live, ['added later']);

    Y.applyUpdate(live, buildRestoreUpdate(live, version, 3));
    expect(writers(live)).toEqual([
      ['kept by Ada', [1]],
      ['draft line', [1]],
    ]);
  });

  it('changes only the characters that differ: a one-word restore leaves the paragraph to its author', () => {
    const live = new Y.Doc();
    live.clientID = 1;
    chapter(live, ['Charles wrote this whole paragraph in the open, draft by draft.']);
    const version = new Y.Doc();
    Y.applyUpdate(version, Y.encodeStateAsUpdate(live));
    live.clientID = 2;
    const text = (chapterFragment(live).get(0) as Y.XmlElement).firstChild as Y.XmlText;
    text.delete(8, 5);
    text.insert(8, 'typed');
    Y.applyUpdate(live, buildRestoreUpdate(live, version, 3));
    expect(chapterFragment(live).toString()).toBe(chapterFragment(version).toString());
    const byClient = new Map<number, string>();
    for (let item = text._start; item; item = item.right) {
      if (item.deleted) continue;
      byClient.set(
        item.id.client,
        (byClient.get(item.id.client) ?? '') + (item.content as Y.ContentString).str,
      );
    }
    expect(byClient.get(3)).toBe('wrote');
    expect(byClient.get(1)).toBe('Charles  this whole paragraph in the open, draft by draft.');
  });

  it('re-attributes only the sentence that differs: the rest of the chapter keeps its author', () => {
    const sentence = 'Then the storm came and took the roof.';
    const paragraph = `The house stood alone. ${sentence} By morning the field was white.`;
    const live = new Y.Doc();
    live.clientID = 1;
    const fragment = chapterFragment(live);
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', 1 as unknown as string);
    heading.insert(0, [new Y.XmlText('Winter')]);
    fragment.insert(0, [heading]);
    chapter(live, [paragraph, 'A last quiet line.']);
    const version = new Y.Doc();
    Y.applyUpdate(version, Y.encodeStateAsUpdate(live));
    // Ben rewrites that one sentence.
    live.clientID = 2;
    const text = (fragment.get(1) as Y.XmlElement).firstChild as Y.XmlText;
    const at = paragraph.indexOf(sentence);
    text.delete(at, sentence.length);
    text.insert(at, 'Nothing happened that night, nothing at all.');

    Y.applyUpdate(live, buildRestoreUpdate(live, version, 3));
    expect(fragment.toString()).toBe(chapterFragment(version).toString());
    // Each visible character's writer, in order, over the whole chapter.
    const owners: Array<[string, number]> = [];
    const visit = (type: Y.AbstractType<unknown>): void => {
      for (let item = type._start; item; item = item.right) {
        if (item.deleted) continue;
        if (item.content instanceof Y.ContentString) {
          for (const char of item.content.str) owners.push([char, item.id.client]);
        } else if (item.content instanceof Y.ContentType) visit(item.content.type);
      }
    };
    visit(fragment as unknown as Y.AbstractType<unknown>);
    const all = owners.map(([char]) => char).join('');
    const start = all.indexOf(sentence);
    const restored = owners.flatMap(([, client], index) => (client === 1 ? [] : [index]));
    expect(restored.length).toBeGreaterThan(0);
    // Everything not Ada's lies inside that sentence: the restorer's retyped words, and Ben's full
    // stop, which the version has in the same place.
    expect(restored.every((index) => index >= start && index < start + sentence.length)).toBe(true);
    expect(
      owners
        .filter(([, client]) => client === 3)
        .map(([char]) => char)
        .join(''),
    ).toBe('Then the storm came and took the roof');
    expect(
      owners
        .filter(([, client]) => client === 1)
        .map(([char]) => char)
        .join(''),
    ).toContain('WinterThe house stood alone. ');
  });

  it('retypes only the changed word inside a list item: the list keeps its author', () => {
    const live = new Y.Doc();
    live.clientID = 1;
    const fragment = chapterFragment(live);
    const list = new Y.XmlElement('bullet_list');
    const items = ['apples and pears', 'bread for the week'].map((line) => {
      const item = new Y.XmlElement('list_item');
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(line)]);
      item.insert(0, [paragraph]);
      return item;
    });
    list.insert(0, items);
    fragment.insert(0, [list]);
    const version = new Y.Doc();
    Y.applyUpdate(version, Y.encodeStateAsUpdate(live));
    live.clientID = 2;
    const second = ((list.get(1) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    second.delete(0, 'bread'.length);
    second.insert(0, 'cheese');
    Y.applyUpdate(live, buildRestoreUpdate(live, version, 3));
    expect(fragment.toString()).toBe(chapterFragment(version).toString());
    const restored: string[] = [];
    const visit = (type: Y.AbstractType<unknown>): void => {
      for (let item = type._start; item; item = item.right) {
        if (item.deleted) continue;
        if (item.content instanceof Y.ContentString && item.id.client !== 1) restored.push(item.content.str);
        else if (item.content instanceof Y.ContentType) visit(item.content.type);
      }
    };
    visit(fragment as unknown as Y.AbstractType<unknown>);
    expect(restored.join('')).toBe('bread');
  });

  it('restores any version exactly, formatting and block kinds included, lists and quotes too', () => {
    const mark = fc.constantFrom<Record<string, unknown> | undefined>(
      undefined,
      { bold: true },
      { italic: {} },
      { link: { href: 'x' } },
    );
    type Runs = [string, Record<string, unknown> | undefined][];
    const runs = fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 6 }), mark), {
      minLength: 1,
      maxLength: 4,
    });
    const block = fc.record({
      name: fc.constantFrom('paragraph', 'heading', 'bullet_list', 'blockquote'),
      items: fc.array(runs, { minLength: 1, maxLength: 3 }),
    });
    const textBlock = (name: string, content: Runs): Y.XmlElement => {
      const element = new Y.XmlElement(name);
      const text = new Y.XmlText();
      element.insert(0, [text]);
      for (const [chars, attributes] of content) text.insert(text.length, chars, attributes);
      return element;
    };
    const blockOf = ({ name, items }: { name: string; items: Runs[] }): Y.XmlElement => {
      if (name === 'paragraph' || name === 'heading') return textBlock(name, items[0]!);
      const container = new Y.XmlElement(name);
      container.insert(
        0,
        items.map((item) => {
          if (name === 'blockquote') return textBlock('paragraph', item);
          const listItem = new Y.XmlElement('list_item');
          listItem.insert(0, [textBlock('paragraph', item)]);
          return listItem;
        }),
      );
      return container;
    };
    const build = (doc: Y.Doc, blocks: { name: string; items: Runs[] }[]) => {
      const fragment = chapterFragment(doc);
      doc.transact(() => {
        fragment.delete(0, fragment.length);
        fragment.insert(0, blocks.map(blockOf));
      });
    };
    fc.assert(
      fc.property(fc.array(block, { maxLength: 5 }), fc.array(block, { maxLength: 5 }), (then, now) => {
        const live = new Y.Doc();
        live.clientID = 1;
        build(live, then);
        const version = new Y.Doc();
        Y.applyUpdate(version, Y.encodeStateAsUpdate(live));
        live.clientID = 2;
        build(live, now);
        Y.applyUpdate(live, buildRestoreUpdate(live, version, 3));
        expect(chapterFragment(live).toString()).toBe(chapterFragment(version).toString());
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
