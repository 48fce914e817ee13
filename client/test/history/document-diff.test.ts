import { bookSchema } from '@wethink/shared/client';
import fc from 'fast-check';
import type { Node } from 'prosemirror-model';
import { describe, expect, it } from 'vitest';
import { diffDocuments, hasChange, sideOf, type DiffBlock } from '../../src/history/document-diff';
import { blockquote, doc, em, h1, li, p, strong, ul } from '../builder';

const s = bookSchema;

/** Random documents from a small alphabet, so the two sides share words, blocks and formatting. */
const textRun = fc.record({
  text: fc.stringMatching(/^[ab c.]{1,6}$/),
  mark: fc.constantFrom<'none' | 'strong' | 'em'>('none', 'strong', 'em'),
});
const inline = fc.array(
  fc.oneof({ weight: 5, arbitrary: textRun }, { weight: 1, arbitrary: fc.constant('br' as const) }),
  {
    maxLength: 4,
  },
);
const inlineNodes = (runs: Array<{ text: string; mark: 'none' | 'strong' | 'em' } | 'br'>): Node[] =>
  runs.map((run) =>
    run === 'br' ? s.node('hard_break') : s.text(run.text, run.mark === 'none' ? [] : [s.mark(run.mark)]),
  );
const paragraph = inline.map((runs) => s.node('paragraph', null, inlineNodes(runs)));
const heading = fc
  .tuple(fc.integer({ min: 1, max: 3 }), inline)
  .map(([level, runs]) => s.node('heading', { level }, inlineNodes(runs)));
const listOf = fc.array(paragraph, { minLength: 1, maxLength: 3 }).map((items) =>
  s.node(
    'bullet_list',
    null,
    items.map((item) => s.node('list_item', null, [item])),
  ),
);
const quoteOf = fc
  .array(paragraph, { minLength: 1, maxLength: 3 })
  .map((items) => s.node('blockquote', null, items));
const block = fc.oneof(
  { weight: 4, arbitrary: paragraph },
  { weight: 1, arbitrary: heading },
  { weight: 1, arbitrary: listOf },
  { weight: 1, arbitrary: quoteOf },
  { weight: 1, arbitrary: fc.constant(s.node('horizontal_rule')) },
);
const document = fc.array(block, { minLength: 1, maxLength: 8 }).map((blocks) => s.node('doc', null, blocks));

function changedTexts(blocks: readonly DiffBlock[], change: 'insert' | 'delete'): string[] {
  return blocks.flatMap((block) => {
    if (block.change === 'changed-text') {
      const text = block.inline
        .filter((unit) => unit.change === change)
        .map((unit) => unit.node.text ?? '')
        .join('');
      return text === '' ? [] : [text];
    }
    if (block.change === 'changed') return changedTexts(block.children, change);
    return block.change === change ? [block.node.textContent] : [];
  });
}

describe('diffDocuments', () => {
  it('rebuilds both sides from its blocks, for any two documents', () => {
    fc.assert(
      fc.property(document, document, (from, to) => {
        const blocks = diffDocuments(from, to);
        expect(s.node('doc', null, sideOf(blocks, 'from')).eq(from)).toBe(true);
        expect(s.node('doc', null, sideOf(blocks, 'to')).eq(to)).toBe(true);
      }),
      { numRuns: 500, seed: 19 },
    );
  });

  it('finds no change between a document and itself', () => {
    fc.assert(
      fc.property(document, (both) => {
        expect(diffDocuments(both, both).some(hasChange)).toBe(false);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('marks just the changed sentence inside a paragraph and leaves the other blocks equal', () => {
    const from = doc(h1('Title'), p('One sentence. Two sentence. Three.'), p('Tail')).node;
    const to = doc(h1('Title'), p('One sentence. A new line here. Three.'), p('Tail')).node;
    const blocks = diffDocuments(from, to);
    expect(blocks.map((block) => block.change)).toEqual(['equal', 'changed-text', 'equal']);
    expect(changedTexts(blocks, 'insert').join('')).toBe('A new line here');
    expect(changedTexts(blocks, 'delete').join('')).toBe('Two sentence');
  });

  it('compares inside lists and quotes, and shows a formatting change as replaced text', () => {
    const from = doc(ul(li(p('first')), li(p('second'))), blockquote(p('quoted ', em('words')))).node;
    const to = doc(ul(li(p('first')), li(p('second item'))), blockquote(p('quoted ', strong('words')))).node;
    const blocks = diffDocuments(from, to);
    expect(blocks.map((block) => block.change)).toEqual(['changed', 'changed']);
    expect(changedTexts(blocks, 'insert')).toEqual([' item', 'words']);
    expect(changedTexts(blocks, 'delete')).toEqual(['words']);
  });

  it('takes a block only one side has whole', () => {
    const blocks = diffDocuments(doc(p('kept')).node, doc(p('kept'), h1('New part')).node);
    expect(blocks.map((block) => block.change)).toEqual(['equal', 'insert']);
  });
});
