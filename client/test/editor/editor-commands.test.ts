import { describe, expect, it } from 'vitest';
import { toolbarState } from '../../src/editor/editor-commands';
import { countDocWords, countWords } from '../../src/editor/word-count';
import { a, blockquote, doc, h1, li, p, stateOf, strong, ul } from '../builder';

describe('toolbarState', () => {
  it('shows bold pressed inside bold text and the heading level of the block', () => {
    const state = toolbarState(stateOf(doc(h1(strong('Ti<a>tle')))));
    expect(state.bold.isActive).toBe(true);
    expect(state.italic.isActive).toBe(false);
    expect(state.heading1.isActive).toBe(true);
    expect(state.heading2.isActive).toBe(false);
    expect(state.paragraph.isEnabled).toBe(true);
  });

  it('shows quote and bullet list pressed inside them', () => {
    const state = toolbarState(stateOf(doc(blockquote(ul(li(p('it<a>em')))))));
    expect(state.blockquote.isActive).toBe(true);
    expect(state.bulletList.isActive).toBe(true);
    expect(state.orderedList.isActive).toBe(false);
  });

  it('enables the link button for a selection or inside a link only', () => {
    expect(toolbarState(stateOf(doc(p('pla<a>in')))).link.isEnabled).toBe(false);
    expect(toolbarState(stateOf(doc(p('<a>pla<b>in')))).link.isEnabled).toBe(true);
    const inLink = toolbarState(stateOf(doc(p(a('https://x.org', 'li<a>nk')))));
    expect(inLink.link).toEqual({ isActive: true, isEnabled: true });
  });

  it('disables undo without the y-prosemirror undo plugin', () => {
    expect(toolbarState(stateOf(doc(p('x<a>')))).undo.isEnabled).toBe(false);
  });
});

describe('word count', () => {
  it('counts words, joined by apostrophes and hyphens, in any script', () => {
    expect(countWords("Don't co-author naïve Ödön's 42 — done.")).toBe(6);
    expect(countWords('  ')).toBe(0);
  });

  it('counts across blocks without gluing words at block boundaries', () => {
    expect(countDocWords(doc(h1('One'), p('two three'), ul(li(p('four')))).node)).toBe(4);
  });
});
