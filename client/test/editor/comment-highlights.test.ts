import { describe, expect, it } from 'vitest';
import { DecorationSet } from 'prosemirror-view';
import { isSameLayout, passageLayout, threadAt } from '../../src/editor/plugins/comment-highlights';
import { isCommentShortcut } from '../../src/editor/plugins/comment-shortcut';

const anchor = { start: 'AA==', end: 'AA==' };

describe('comment highlights', () => {
  const ranges = new Map([
    ['t_long', { from: 1, to: 20 }],
    ['t_short', { from: 5, to: 8 }],
    ['t_gone', null],
    ['t_first', { from: 1, to: 4 }],
  ]);
  const state = {
    input: {
      threads: ['t_long', 't_short', 't_gone', 't_first'].map((id) => ({
        id,
        anchor,
        kind: 'open' as const,
      })),
      focusedId: null,
    },
    ranges,
    decorations: DecorationSet.empty,
  };

  it('lays threads out by where their passages start, then end, the gone ones apart', () => {
    const layout = passageLayout(state);
    expect(layout.order).toEqual(['t_first', 't_long', 't_short']);
    expect([...layout.orphaned]).toEqual(['t_gone']);
    expect(isSameLayout(layout, passageLayout(state))).toBe(true);
    expect(
      isSameLayout(layout, { order: ['t_long', 't_first', 't_short'], orphaned: new Set(['t_gone']) }),
    ).toBe(false);
  });

  it('finds the thread under a click, the shortest passage where they overlap', () => {
    expect(threadAt(ranges, 6)).toBe('t_short');
    expect(threadAt(ranges, 12)).toBe('t_long');
    expect(threadAt(ranges, 30)).toBeNull();
  });
});

describe('isCommentShortcut', () => {
  const key = (patch: Partial<KeyboardEvent>) =>
    ({
      key: 'm',
      code: 'KeyM',
      ctrlKey: false,
      metaKey: false,
      altKey: false,
      shiftKey: false,
      ...patch,
    }) as KeyboardEvent;

  it('is Ctrl-Alt-M, or Cmd-Option-M on a Mac (where Option changes the key)', () => {
    expect(isCommentShortcut(key({ ctrlKey: true, altKey: true }), false)).toBe(true);
    expect(isCommentShortcut(key({ metaKey: true, altKey: true, key: 'µ' }), true)).toBe(true);
    expect(isCommentShortcut(key({ ctrlKey: true }), false)).toBe(false);
    expect(isCommentShortcut(key({ ctrlKey: true, altKey: true, shiftKey: true }), false)).toBe(false);
    expect(isCommentShortcut(key({ metaKey: true, altKey: true }), false)).toBe(false);
  });
});
