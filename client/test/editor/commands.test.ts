import { describe, expect, it } from 'vitest';
import {
  insertHorizontalRule,
  setHeading,
  toggleBlockquote,
  toggleBulletList,
  toggleOrderedList,
} from '../../src/editor/commands/blocks';
import { linkAtSelection, removeLink, setLink } from '../../src/editor/commands/links';
import { isMarkActive, toggleStrong } from '../../src/editor/commands/marks';
import { insertNote, notesOf, updateNote, updateNthNote } from '../../src/editor/commands/notes';
import { bookSchema } from '@wethink/shared/client';
import { a, apply, blockquote, doc, h1, li, ol, p, stateOf, strong, ul } from '../builder';

describe('mark commands', () => {
  it('bolds the selected text and reports the mark active', () => {
    const next = apply(stateOf(doc(p('say <a>hello<b> world'))), toggleStrong);
    expect(next?.doc.eq(doc(p('say ', strong('hello'), ' world')).node)).toBe(true);
    expect(next && isMarkActive(next, bookSchema.marks.strong)).toBe(true);
  });

  it('removes bold from text that is bold', () => {
    const next = apply(stateOf(doc(p(strong('<a>bold<b>')))), toggleStrong);
    expect(next?.doc.eq(doc(p('bold')).node)).toBe(true);
  });
});

describe('block commands', () => {
  it('turns a paragraph into a heading of the given level', () => {
    const next = apply(stateOf(doc(p('Tit<a>le'))), setHeading(1));
    expect(next?.doc.eq(doc(h1('Title')).node)).toBe(true);
  });

  it('wraps in a block quote and lifts out of it again', () => {
    const quoted = apply(stateOf(doc(p('qu<a>ote'))), toggleBlockquote);
    expect(quoted?.doc.eq(doc(blockquote(p('quote'))).node)).toBe(true);
    const unquoted = quoted && apply(quoted, toggleBlockquote);
    expect(unquoted?.doc.eq(doc(p('quote')).node)).toBe(true);
  });

  it('toggles a bullet list on and off', () => {
    const listed = apply(stateOf(doc(p('it<a>em'))), toggleBulletList);
    expect(listed?.doc.eq(doc(ul(li(p('item')))).node)).toBe(true);
    const unlisted = listed && apply(listed, toggleBulletList);
    expect(unlisted?.doc.eq(doc(p('item')).node)).toBe(true);
  });

  it('switches nothing when asked for a numbered list inside a numbered list item twice', () => {
    const listed = apply(stateOf(doc(p('fir<a>st'))), toggleOrderedList);
    expect(listed?.doc.eq(doc(ol(li(p('first')))).node)).toBe(true);
  });

  it('inserts a horizontal rule at the cursor', () => {
    const next = apply(stateOf(doc(p('one<a>'))), insertHorizontalRule);
    expect(next?.doc.child(1).type.name).toBe('horizontal_rule');
  });
});

describe('links', () => {
  it('links the selection to a safe address', () => {
    const next = apply(stateOf(doc(p('see <a>here<b>'))), setLink('https://example.com'));
    expect(next?.doc.eq(doc(p('see ', a('https://example.com', 'here'))).node)).toBe(true);
  });

  it('refuses javascript: addresses and empty selections', () => {
    expect(apply(stateOf(doc(p('see <a>here<b>'))), setLink('javascript:alert(1)'))).toBeNull();
    expect(apply(stateOf(doc(p('see <a>here'))), setLink('https://example.com'))).toBeNull();
  });

  it('finds the whole link around the cursor and removes it', () => {
    const state = stateOf(doc(p('see ', a('https://x.org', 'he<a>re'), ' now')));
    expect(linkAtSelection(state)).toEqual({ from: 5, to: 9, href: 'https://x.org' });
    const next = apply(state, removeLink);
    expect(next?.doc.eq(doc(p('see here now')).node)).toBe(true);
  });
});

describe('notes', () => {
  it('inserts a note after the cursor and refuses an empty one', () => {
    const next = apply(stateOf(doc(p('claim<a>'))), insertNote('  Source: me  '));
    const note = next?.doc.firstChild?.lastChild;
    expect(note?.type.name).toBe('note');
    expect(note?.attrs.text).toBe('Source: me');
    expect(apply(stateOf(doc(p('claim<a>'))), insertNote('   '))).toBeNull();
  });

  it("changes a note's text, removes it when emptied, and refuses a position without a note", () => {
    const withNote = apply(stateOf(doc(p('claim<a>'))), insertNote('Old'))!;
    const pos = 1 + 'claim'.length;
    const changed = apply(withNote, updateNote(pos, '  New  '));
    expect(changed?.doc.firstChild?.lastChild?.attrs.text).toBe('New');
    const removed = apply(withNote, updateNote(pos, ' '));
    expect(removed?.doc.textContent).toBe('claim');
    expect(removed?.doc.firstChild?.childCount).toBe(1);
    expect(apply(withNote, updateNote(1, 'x'))).toBeNull();
  });

  it('lists the notes in document order and changes the nth one', () => {
    let state = apply(stateOf(doc(p('one<a>'), p('two'))), insertNote('First'))!;
    state = apply(state, insertNote('Second'))!;
    expect(notesOf(state.doc)).toEqual(['First', 'Second']);
    const changed = apply(state, updateNthNote(1, 'Later'))!;
    expect(notesOf(changed.doc)).toEqual(['First', 'Later']);
    expect(apply(state, updateNthNote(2, 'x'))).toBeNull();
  });
});
