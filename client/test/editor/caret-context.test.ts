import { bookSchema } from '@wethink/shared/client';
import { TextSelection } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { isSameCaretContext } from '../../src/editor/caret-context';
import { countDocWords } from '../../src/editor/word-count';
import { notesOf } from '../../src/editor/commands/notes';
import { doc, p, stateOf, strong } from '../builder';

describe('isSameCaretContext', () => {
  it('holds when a change elsewhere leaves the caret block the same node', () => {
    const before = stateOf(doc(p('far away'), p('he<a>re')));
    // A co-author types in the first paragraph: the caret's paragraph moves but is the same node.
    const after = before.apply(before.tr.insertText('very ', 1));
    expect(after.selection.head).not.toBe(before.selection.head);
    expect(isSameCaretContext(before, after)).toBe(true);
  });

  it('fails when the caret block itself changed', () => {
    const before = stateOf(doc(p('far away'), p('he<a>re')));
    const after = before.apply(before.tr.insertText('x', before.doc.child(0).nodeSize + 2));
    expect(isSameCaretContext(before, after)).toBe(false);
  });

  it('fails when the caret moved within its block or stored marks changed', () => {
    const before = stateOf(doc(p('he<a>re')));
    const moved = before.apply(before.tr.setSelection(TextSelection.create(before.doc, 2)));
    expect(isSameCaretContext(before, moved)).toBe(false);
    const marked = before.apply(before.tr.addStoredMark(bookSchema.marks.strong.create()));
    expect(isSameCaretContext(before, marked)).toBe(false);
  });

  it('fails for a selection across two top-level blocks', () => {
    const before = stateOf(doc(p('o<a>ne'), p(strong('tw<b>o'))));
    expect(isSameCaretContext(before, before.apply(before.tr))).toBe(false);
  });
});

describe('word and note counts per block', () => {
  it('counts the same after an edit reuses the unchanged blocks', () => {
    const state = stateOf(doc(p('one two'), p('three<a>')));
    expect(countDocWords(state.doc)).toBe(3);
    const after = state.apply(state.tr.insertText(' four five'));
    expect(countDocWords(after.doc)).toBe(5);
    const note = bookSchema.nodes.note.create({ text: 'see' });
    const noted = after.apply(after.tr.insert(1, note));
    expect(notesOf(noted.doc)).toEqual(['see']);
    expect(countDocWords(noted.doc)).toBe(5);
  });
});
