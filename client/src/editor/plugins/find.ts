import type { Node } from 'prosemirror-model';
import { Plugin, PluginKey, TextSelection, type Command, type EditorState } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';

/** One occurrence of the searched text, as document positions. */
export interface FindMatch {
  from: number;
  to: number;
}

export interface FindState {
  query: string;
  matches: readonly FindMatch[];
  /** Index of the current match in `matches`, or -1. */
  current: number;
}

/** More matches than this are not highlighted (a one-letter search in a long chapter). */
export const MAX_FIND_MATCHES = 5000;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every occurrence of `query` in the document's text blocks, case-insensitive, in order. Matches
 * stay inside one text block; inline nodes that are not text (notes, breaks) break a match.
 */
export function findMatches(doc: Node, query: string): FindMatch[] {
  if (query === '') return [];
  const pattern = new RegExp(escapeRegExp(query), 'giu');
  const matches: FindMatch[] = [];
  doc.descendants((node, pos) => {
    if (matches.length >= MAX_FIND_MATCHES) return false;
    if (!node.isTextblock) return true;
    // Each inline child contributes exactly nodeSize characters, so string offsets are positions.
    let text = '';
    node.forEach((child) => {
      text += child.isText ? child.text! : '\ufffc'.repeat(child.nodeSize);
    });
    for (const match of text.matchAll(pattern)) {
      if (match[0] === '') break;
      matches.push({ from: pos + 1 + match.index, to: pos + 1 + match.index + match[0].length });
      if (matches.length >= MAX_FIND_MATCHES) break;
    }
    return false;
  });
  return matches;
}

export const findKey = new PluginKey<FindState>('find');

type FindMeta = { query: string } | { current: number };

const EMPTY: FindState = { query: '', matches: [], current: -1 };

/** The first match at or after `pos`, or the first one. */
function matchFrom(matches: readonly FindMatch[], pos: number): number {
  if (matches.length === 0) return -1;
  const index = matches.findIndex((match) => match.from >= pos);
  return index < 0 ? 0 : index;
}

/**
 * Find in the open chapter: the query and its matches (recomputed as anyone edits), highlighted;
 * the current one marked. Set through the commands below; a pure plugin, no DOM.
 */
export function findPlugin(): Plugin<FindState> {
  return new Plugin<FindState>({
    key: findKey,
    state: {
      init: () => EMPTY,
      apply(tr, value, _old, state) {
        const meta = tr.getMeta(findKey) as FindMeta | undefined;
        if (meta !== undefined && 'query' in meta) {
          const matches = findMatches(state.doc, meta.query);
          return { query: meta.query, matches, current: matchFrom(matches, state.selection.from) };
        }
        if (meta !== undefined && 'current' in meta) return { ...value, current: meta.current };
        if (!tr.docChanged || value.query === '') return value;
        const matches = findMatches(state.doc, value.query);
        return { ...value, matches, current: Math.min(value.current, matches.length - 1) };
      },
    },
    props: {
      decorations(state) {
        const find = findKey.getState(state);
        if (find === undefined || find.matches.length === 0) return DecorationSet.empty;
        return DecorationSet.create(
          state.doc,
          find.matches.map((match, i) =>
            Decoration.inline(match.from, match.to, {
              class: i === find.current ? 'find-match find-match--current' : 'find-match',
            }),
          ),
        );
      },
    },
  });
}

export function setFindQuery(query: string): Command {
  return (state, dispatch) => {
    dispatch?.(state.tr.setMeta(findKey, { query }));
    return true;
  };
}

/** Selects the next (or previous) match, wrapping around, and scrolls to it. */
export function findStep(direction: 1 | -1): Command {
  return (state, dispatch) => {
    const find = findKey.getState(state);
    if (find === undefined || find.matches.length === 0) return false;
    const count = find.matches.length;
    const current = find.current < 0 ? 0 : (find.current + direction + count) % count;
    const match = find.matches[current]!;
    dispatch?.(
      state.tr
        .setMeta(findKey, { current })
        .setSelection(TextSelection.create(state.doc, match.from, match.to))
        .scrollIntoView(),
    );
    return true;
  };
}

function replaceRange(state: EditorState, match: FindMatch, replacement: string) {
  return state.tr.insertText(replacement, match.from, match.to);
}

/** Replaces the current match with `replacement` (keeping the marks of its first character). */
export function replaceCurrent(replacement: string): Command {
  return (state, dispatch) => {
    const find = findKey.getState(state);
    const match = find?.matches[find.current];
    if (match === undefined) return false;
    dispatch?.(replaceRange(state, match, replacement).scrollIntoView());
    return true;
  };
}

/** Replaces every match with `replacement`, in one transaction (one undo step, one update). */
export function replaceAll(replacement: string): Command {
  return (state, dispatch) => {
    const find = findKey.getState(state);
    if (find === undefined || find.matches.length === 0) return false;
    if (dispatch) {
      const tr = state.tr;
      for (const match of [...find.matches].reverse()) tr.insertText(replacement, match.from, match.to);
      dispatch(tr);
    }
    return true;
  };
}
