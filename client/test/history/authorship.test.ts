import { bookSchema } from '@wethink/shared/client';
import { EditorState } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { alignTexts, authorshipRanges, flattenText } from '../../src/editor/authorship-ranges';
import { authorshipKey, authorshipPlugin, type AuthorshipPaint } from '../../src/editor/plugins/authorship';
import { blockquote, doc, em, li, p, ul } from '../builder';

const note = (text: string) => ({ node: bookSchema.nodes.note.create({ text }), tags: {} });
const textAt = (node: ReturnType<typeof doc>['node'], from: number, to: number) => node.textBetween(from, to);

describe('flattenText', () => {
  it('joins the text of textblocks with one newline each, skipping empty blocks, at any depth', () => {
    const built = doc(p('One'), p(), blockquote(p('Two')), ul(li(p('Three'))));
    const flat = flattenText(built.node);
    expect(flat.text).toBe('One\nTwo\nThree');
    expect(flat.positions.length).toBe(flat.text.length);
    expect(flat.positions[3]).toBe(-1);
    expect(textAt(built.node, flat.positions[4]!, flat.positions[6]! + 1)).toBe('Two');
  });

  it('keeps text after an inline note in the same line, as the server does', () => {
    const built = doc(p('Before', note('a note'), 'after'));
    expect(flattenText(built.node).text).toBe('Beforeafter');
  });
});

describe('alignTexts', () => {
  it('maps the common start and end and leaves the stretch that differs unmapped', () => {
    const map = alignTexts('abcXYdef', 'abcZdef');
    expect([0, 1, 2].map(map)).toEqual([0, 1, 2]);
    expect([3, 4].map(map)).toEqual([-1, -1]);
    expect([5, 6, 7].map(map)).toEqual([4, 5, 6]);
  });
});

describe('authorshipRanges', () => {
  it("places each author's runs on their text across blocks and marks", () => {
    const built = doc(p('Ada wrote ', em('this')), p('Ben too'));
    const ranges = authorshipRanges(built.node, [
      { text: 'Ada wrote this', userId: 'u_ada' },
      { text: '\nBen too', userId: 'u_ben' },
    ]);
    expect(ranges.map((range) => [range.userId, textAt(built.node, range.from, range.to)])).toEqual([
      ['u_ada', 'Ada wrote this'],
      ['u_ben', 'Ben too'],
    ]);
  });

  it('leaves out text of unknown authors and text the server has not seen yet', () => {
    const built = doc(p('old new typed'));
    const ranges = authorshipRanges(built.node, [
      { text: 'old ', userId: null },
      { text: 'new', userId: 'u_ada' },
    ]);
    expect(ranges.map((range) => textAt(built.node, range.from, range.to))).toEqual(['new']);
  });
});

describe('authorshipPlugin', () => {
  const paint: AuthorshipPaint = {
    runs: [
      { text: 'Hello ', userId: 'u_ada' },
      { text: 'world', userId: 'u_ben' },
    ],
    authors: new Map([
      ['u_ada', { name: 'Ada', color: '#aa0000' }],
      ['u_ben', { name: 'Ben', color: '#0000bb' }],
    ]),
  };
  const stateWith = () =>
    EditorState.create({
      schema: bookSchema,
      doc: doc(p('Hello world')).node,
      plugins: [authorshipPlugin()],
    });

  it('is off by default, paints on a meta, and never changes the document', () => {
    const state = stateWith();
    expect(authorshipKey.getState(state)?.find()).toEqual([]);
    const painted = state.apply(state.tr.setMeta(authorshipKey, paint));
    expect(painted.doc.eq(state.doc)).toBe(true);
    const decorations = authorshipKey.getState(painted)!.find();
    expect(
      decorations.map((d) => [
        d.from,
        d.to,
        (d as unknown as { type: { attrs: Record<string, string> } }).type.attrs['data-author'],
      ]),
    ).toEqual([
      [1, 7, 'Ada'],
      [7, 12, 'Ben'],
    ]);
    const off = painted.apply(painted.tr.setMeta(authorshipKey, null));
    expect(authorshipKey.getState(off)?.find()).toEqual([]);
  });

  it('keeps the colours on their text while the document changes', () => {
    const state = stateWith();
    const painted = state.apply(state.tr.setMeta(authorshipKey, paint));
    const edited = painted.apply(painted.tr.insertText('Oh, ', 1));
    const decorations = authorshipKey.getState(edited)!.find();
    expect(decorations.map((d) => edited.doc.textBetween(d.from, d.to))).toEqual(['Hello ', 'world']);
  });
});
