import { bookSchema } from '@wethink/shared/client';
import { toggleMark } from 'prosemirror-commands';
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state';
import { ySyncPluginKey } from 'y-prosemirror';
import { describe, expect, it } from 'vitest';
import {
  isSuggesting,
  markChangeOf,
  nextSuggesting,
  type MarkChange,
  setSuggesting,
  suggestingKey,
  suggestingPlugin,
  typeInto,
  type SuggestingAction,
} from '../../src/editor/plugins/suggesting';
import { mapRanges } from '../../src/editor/plugins/suggestion-marks';
import { doc, p, stateOf } from '../builder';

function suggesting(onFormat: (change: MarkChange) => void = () => undefined): EditorState {
  const base = stateOf(doc(p('Hello<a> world')));
  const state = EditorState.create({
    doc: base.doc,
    selection: base.selection,
    plugins: [
      suggestingPlugin({
        onInsert: () => undefined,
        onDelete: () => undefined,
        onFormat: (_state, change) => onFormat(change),
        onRefused: () => undefined,
        pointAt: (_state, pos) => `at-${pos}`,
        resolvePoint: () => null,
        pauseMs: 10,
      }),
    ],
  });
  return state.apply(setSuggesting(state.tr, true));
}

const act = (state: EditorState, action: SuggestingAction) =>
  state.apply(state.tr.setMeta(suggestingKey, action));

describe('suggesting mode', () => {
  it('extends a run typed at its point and starts a new one elsewhere', () => {
    const first = typeInto(null, 6, 'a', 'p6');
    expect(typeInto(first, 6, 'b', 'p6')).toEqual({ serial: first.serial, pos: 6, at: 'p6', text: 'ab' });
    const other = typeInto(first, 9, 'c', 'p9');
    expect(other.serial).not.toBe(first.serial);
    expect(other).toMatchObject({ pos: 9, text: 'c' });
  });

  it('keeps local changes out of the text while on, and lets the shared document through', () => {
    const state = suggesting();
    expect(isSuggesting(state)).toBe(true);
    expect(state.apply(state.tr.insertText('!'))).toBe(state);
    const remote = state.tr.insertText('!', 1).setMeta(ySyncPluginKey, { isChangeOrigin: true });
    expect(state.apply(remote).doc.textContent).toBe('!Hello world');
    const off = state.apply(setSuggesting(state.tr, false));
    expect(off.apply(off.tr.insertText('!')).doc.textContent).toBe('Hello! world');
  });

  it('gathers typing into one run, takes back a character with backspace, and ends on a caret move', () => {
    let state = suggesting();
    state = act(state, { type: 'type', pos: 6, at: 'p6', text: ' big' });
    state = act(state, { type: 'type', pos: 6, at: 'p6', text: 'gg' });
    state = act(state, { type: 'backspace' });
    expect(suggestingKey.getState(state)?.run).toMatchObject({ pos: 6, text: ' bigg' });
    expect(state.doc.textContent).toBe('Hello world');
    const moved = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 2)));
    expect(suggestingKey.getState(moved)?.run).toBeNull();
  });

  it("moves a run with a co-author's change before it", () => {
    const state = stateOf(doc(p('Hello world')));
    const run = { serial: 1, pos: 6, at: 'p6', text: 'X' };
    // Mapped through a change ProseMirror can see through.
    const mapped = nextSuggesting({ isSuggesting: true, run }, state.tr.insertText('Oh, ', 1));
    expect(mapped.run?.pos).toBe(10);
    // y-prosemirror renders a change from Yjs as a replacement of the whole document: the point is
    // found again from its Yjs place.
    const whole = state.tr.replaceWith(0, state.doc.content.size, state.doc.content);
    whole.setMeta(ySyncPluginKey, { isChangeOrigin: true });
    expect(nextSuggesting({ isSuggesting: true, run }, whole, () => 12).run?.pos).toBe(12);
    expect(nextSuggesting({ isSuggesting: true, run: null }, state.tr).run).toBeNull();
  });

  it('drops the run when switched off (it is sent by the view then)', () => {
    const state = act(suggesting(), { type: 'type', pos: 6, at: 'p6', text: 'X' });
    const off = state.apply(setSuggesting(state.tr, false));
    expect(suggestingKey.getState(off)).toEqual({ isSuggesting: false, run: null });
  });
});

describe('suggestion marks', () => {
  it('keeps points and passages with their words through local edits', () => {
    const state = stateOf(doc(p('Hello world')));
    const tr = state.tr.insertText('Big ', 1);
    const ranges = mapRanges(
      new Map([
        ['point', { from: 6, to: 6 }],
        ['passage', { from: 7, to: 12 }],
        ['gone', null],
      ]),
      tr,
    );
    expect(ranges.get('point')).toEqual({ from: 10, to: 10 });
    expect(ranges.get('passage')).toEqual({ from: 11, to: 16 });
    expect(ranges.get('gone')).toBeNull();
  });
});

describe('formatting while suggesting', () => {
  const select = (state: EditorState, from: number, to: number) =>
    state.apply(state.tr.setSelection(TextSelection.create(state.doc, from, to)));
  const commandTr = (
    state: EditorState,
    command: typeof toggleMark extends (...a: never[]) => infer C ? C : never,
  ) => {
    let tr: Transaction | null = null;
    command(state, (dispatched) => (tr = dispatched));
    return tr as Transaction | null;
  };

  it('turns Mod-b or a toolbar toggle into a format suggestion and leaves the text unformatted', () => {
    const changes: MarkChange[] = [];
    const state = select(
      suggesting((change) => changes.push(change)),
      1,
      6,
    );
    const tr = commandTr(state, toggleMark(bookSchema.marks.strong));
    expect(tr).not.toBeNull();
    const after = state.apply(tr!);
    expect(after.doc.rangeHasMark(1, 6, bookSchema.marks.strong)).toBe(false);
    expect(changes).toEqual([{ from: 1, to: 6, mark: 'strong', action: 'add', attrs: null }]);
  });

  it('reads a link with its address, and a removal', () => {
    const state = select(stateOf(doc(p('Hello world'))), 1, 6);
    const link = bookSchema.marks.link.create({ href: 'https://example.org/' });
    expect(markChangeOf(state.tr.addMark(1, 6, link), state)).toEqual({
      from: 1,
      to: 6,
      mark: 'link',
      action: 'add',
      attrs: { href: 'https://example.org/' },
    });
    const italic = state.apply(state.tr.addMark(1, 6, bookSchema.marks.em.create()));
    expect(markChangeOf(italic.tr.removeMark(1, 6, bookSchema.marks.em), italic)).toMatchObject({
      mark: 'em',
      action: 'remove',
      attrs: null,
    });
    // Anything besides one mark over one paragraph is no format suggestion.
    expect(markChangeOf(state.tr.insertText('x', 1), state)).toBeNull();
    const both = state.tr
      .addMark(1, 3, bookSchema.marks.em.create())
      .addMark(3, 6, bookSchema.marks.strong.create());
    expect(markChangeOf(both, state)).toBeNull();
  });
});
