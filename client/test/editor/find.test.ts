import { describe, expect, it } from 'vitest';
import { EditorState, type Command } from 'prosemirror-state';
import {
  findKey,
  findMatches,
  findPlugin,
  findStep,
  replaceAll,
  replaceCurrent,
  setFindQuery,
} from '../../src/editor/plugins/find';
import { doc, em, h1, p, stateOf } from '../builder';

function withFind(built: ReturnType<typeof doc>): EditorState {
  const state = stateOf(built);
  return EditorState.create({ doc: state.doc, selection: state.selection, plugins: [findPlugin()] });
}

function run(state: EditorState, ...commands: Command[]) {
  let current = state;
  for (const command of commands) command(current, (tr) => (current = current.apply(tr)));
  return current;
}

describe('find in the chapter', () => {
  it('finds every occurrence in every block, ignoring case, as positions', () => {
    const built = doc(h1('Linux'), p('about linux and LINUX.'));
    const matches = findMatches(built.node, 'linux');
    expect(matches.map(({ from, to }) => built.node.textBetween(from, to))).toEqual([
      'Linux',
      'linux',
      'LINUX',
    ]);
  });

  it('treats regular-expression characters as text', () => {
    const built = doc(p('a.b a*b (a+b)'));
    expect(findMatches(built.node, 'a.b')).toHaveLength(1);
    expect(findMatches(built.node, '(a+b)')).toHaveLength(1);
  });

  it('steps through matches with wrap-around and selects the current one', () => {
    let state = run(withFind(doc(p('<a>one two one two'))), setFindQuery('two'));
    expect(findKey.getState(state)).toMatchObject({ current: 0 });
    state = run(state, findStep(1));
    expect(state.doc.textBetween(state.selection.from, state.selection.to)).toBe('two');
    expect(findKey.getState(state)?.current).toBe(1);
    state = run(state, findStep(1));
    expect(findKey.getState(state)?.current).toBe(0);
  });

  it('replaces the current match, then all, keeping marks, and follows the new text', () => {
    let state = run(withFind(doc(p('<a>cat ', em('cat'), ' cat'))), setFindQuery('cat'));
    state = run(state, replaceCurrent('dog'));
    expect(state.doc.textContent).toBe('dog cat cat');
    expect(findKey.getState(state)?.matches).toHaveLength(2);
    state = run(state, replaceAll('cow'));
    expect(state.doc.textContent).toBe('dog cow cow');
    expect(state.doc.eq(doc(p('dog ', em('cow'), ' cow')).node)).toBe(true);
    expect(findKey.getState(state)?.matches).toHaveLength(0);
  });
});
