import fc from 'fast-check';
import type { Node } from 'prosemirror-model';
import { describe, expect, it } from 'vitest';
import { bookSchema } from '@wethink/shared';
import { chapterXhtml, footnotesXhtml } from '../../src/export/chapter-xhtml';
import { renderDocx } from '../../src/export/docx-document';
import { collectBody } from '../../src/export/export-body';
import type { ExportBook } from '../../src/export/export-book';
import { chapterMarkdown } from '../../src/export/markdown-document';
import { parseDocx } from '../../src/import/docx-import';
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

/** A table of 1-3 rows of 1-3 cells, its first row headers or not (the schema's tables, issue 21). */
const table: fc.Arbitrary<Node> = fc
  .tuple(fc.boolean(), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), words)
  .map(([hasHeader, rows, columns, text]) =>
    s.node(
      'table',
      null,
      Array.from({ length: rows }, (_, row) =>
        s.node(
          'table_row',
          null,
          Array.from({ length: columns }, (_, column) =>
            s.node(hasHeader && row === 0 ? 'table_header' : 'table_cell', null, [
              s.node('paragraph', null, [s.text(`${text} ${row}.${column}`)]),
            ]),
          ),
        ),
      ),
    ),
  );
const chapterWithTables = fc
  .array(fc.oneof({ weight: 3, arbitrary: block }, { weight: 1, arbitrary: table }), {
    minLength: 1,
    maxLength: 6,
  })
  .map((blocks) => s.node('doc', null, blocks));

/** The tables of a document: each one's rows, each row's cells as kind and text. */
function tables(doc: Node): string[][][] {
  const out: string[][][] = [];
  doc.descendants((node) => {
    if (node.type.name !== 'table') return true;
    const rows: string[][] = [];
    node.forEach((row) => {
      const cells: string[] = [];
      row.forEach((cell) => cells.push(`${cell.type.name}:${cell.textContent.replace(/\s+/g, ' ').trim()}`));
      rows.push(cells);
    });
    out.push(rows);
    return false;
  });
  return out;
}

/** A one-chapter book around `doc`, for the renderers that take a whole book. */
const bookOf = (doc: Node): ExportBook => ({
  id: 'round-trip',
  title: 'Round trip',
  language: 'en',
  identifier: 'urn:uuid:00000000-0000-5000-a000-000000000002',
  modifiedAt: new Date('2026-12-01T00:00:00Z'),
  chapters: [{ id: 'c1', title: 'Title', part: null, doc }],
  contributors: { authors: [], commenters: [] },
  verso: ['Comments: not included'],
  comments: null,
  cover: null,
});
const DOCX_RUNS = Number(process.env.ROUND_TRIP_DOCX_RUNS ?? 120);

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
      fc.property(chapterWithTables, (doc) => {
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

  it(`keeps the text and the tables of random chapters through DOCX (seed ${SEED}, ${DOCX_RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(chapterWithTables, async (doc) => {
        const docx = await collectBody(await renderDocx(bookOf(doc)));
        const back = (await parseDocx(docx, new ImportReport())).doc;
        expect(back.firstChild?.textContent).toBe('Title');
        expect(readable(back)).toBe(`Title ${readable(doc)}`.trim());
        expect(tables(back)).toEqual(tables(doc));
      }),
      { seed: SEED, numRuns: DOCX_RUNS },
    );
  }, 120_000);
});
