import fc from 'fast-check';
import type { Node } from 'prosemirror-model';
import { describe, expect, it } from 'vitest';
import { bookSchema } from '@wethink/shared';
import { chapterXhtml, footnotesXhtml } from '../../src/export/chapter-xhtml';
import { chapterMarkdown } from '../../src/export/markdown-document';
import { parseHtml } from '../../src/import/html-import';
import { ImportReport } from '../../src/import/import-report';
import { parseMarkdown } from '../../src/import/markdown-import';

const s = bookSchema;
const SEED = Number(process.env.ROUND_TRIP_SEED ?? 20_2026);
const RUNS = Number(process.env.ROUND_TRIP_RUNS ?? 300);

// Words drawn from letters and every character Markdown or HTML could read as markup.
const word = fc
  .array(fc.constantFrom(...'abcXYZ019é—*_[]<>&#`\\!~-+.()"\'|^:='.split('')), { minLength: 1, maxLength: 8 })
  .map((chars) => chars.join(''));
const words = fc.array(word, { minLength: 1, maxLength: 6 }).map((list) => list.join(' '));
const markSet = fc
  .subarray(['em', 'strong', 'link'] as const)
  .map((names) =>
    names.map((name) =>
      name === 'link' ? s.mark('link', { href: 'https://example.com/x?a=1&b=(2)' }) : s.mark(name),
    ),
  );
const inline: fc.Arbitrary<Node[]> = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.tuple(words, markSet).map(([text, marks]) => s.text(text, marks)) },
      { weight: 1, arbitrary: words.map((text) => s.node('note', { text })) },
      { weight: 1, arbitrary: fc.constant(s.node('hard_break')) },
    ),
    { minLength: 1, maxLength: 5 },
  )
  // Separate runs with a plain space, as typing does: Markdown cannot close emphasis against a letter.
  .map((nodes) => nodes.flatMap((node, i) => (i === 0 ? [node] : [s.text(' '), node])));
const paragraph = inline.map((content) => s.node('paragraph', null, content));
const heading = fc
  .tuple(fc.integer({ min: 1, max: 3 }), words)
  .map(([level, text]) => s.node('heading', { level }, [s.text(text)]));
const listItem = fc
  .array(paragraph, { minLength: 1, maxLength: 2 })
  .map((content) => s.node('list_item', null, content));
const block: fc.Arbitrary<Node> = fc.oneof(
  { weight: 5, arbitrary: paragraph },
  { weight: 1, arbitrary: heading },
  {
    weight: 1,
    arbitrary: fc.array(paragraph, { minLength: 1, maxLength: 2 }).map((c) => s.node('blockquote', null, c)),
  },
  {
    weight: 1,
    arbitrary: fc.array(listItem, { minLength: 1, maxLength: 3 }).map((c) => s.node('bullet_list', null, c)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 20 }), fc.array(listItem, { minLength: 1, maxLength: 3 }))
      .map(([order, c]) => s.node('ordered_list', { order }, c)),
  },
  { weight: 1, arbitrary: fc.constant(s.node('horizontal_rule')) },
);
const chapter = fc.array(block, { minLength: 1, maxLength: 6 }).map((blocks) => s.node('doc', null, blocks));

/** Every text and note text of a document, whitespace collapsed: what a reader would read. */
function readable(doc: Node): string {
  const parts: string[] = [];
  doc.descendants((node) => {
    if (node.isText) parts.push(node.text!);
    else if (node.type.name === 'note') parts.push(` [${String(node.attrs.text)}] `);
    else if (node.isBlock || node.type.name === 'hard_break') parts.push(' ');
    return true;
  });
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** How many of each node and mark a document has (HTML import collapses whitespace, so text may differ in it). */
function shape(doc: Node): Record<string, number> {
  const counts: Record<string, number> = {};
  const add = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
  doc.descendants((node) => {
    if (!node.isText) add(node.type.name === 'heading' ? `h${String(node.attrs.level)}` : node.type.name);
    else if (node.text!.trim() !== '') for (const mark of node.marks) add(`mark ${mark.type.name}`);
    return true;
  });
  return counts;
}

describe('export → import round trip', () => {
  it(`keeps the text of random chapters through Markdown (seed ${SEED}, ${RUNS} runs)`, () => {
    fc.assert(
      fc.property(chapter, (doc) => {
        const { markdown } = chapterMarkdown({ title: 'Title', doc }, 1);
        const back = parseMarkdown(markdown, new ImportReport()).doc;
        expect(back.firstChild?.type.name).toBe('heading');
        expect(readable(back)).toBe(`Title ${readable(doc)}`.trim());
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it(`keeps the text and the nodes of random chapters through HTML (seed ${SEED}, ${RUNS} runs)`, () => {
    fc.assert(
      fc.property(chapter, (doc) => {
        const { body, notes } = chapterXhtml(doc, { firstNote: 1, isEpub: false });
        const back = parseHtml(
          `<section>${body}${footnotesXhtml(notes, false)}</section>`,
          new ImportReport(),
        ).doc;
        expect(readable(back)).toBe(readable(doc));
        expect(shape(back)).toEqual(shape(doc));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
