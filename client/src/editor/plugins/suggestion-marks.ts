import {
  describeFormat,
  type CommentAnchor,
  type SuggestedFormat,
  type SuggestionKind,
} from '@wethink/shared/client';
import type { Node } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { ySyncPluginKey } from 'y-prosemirror';
import { resolveAnchor, type ThreadRange } from '../comment-anchors';
import { resolvePoint } from '../suggestion-anchors';

/** An open suggestion as the editor shows it. */
export interface SuggestionMark {
  id: string;
  kind: SuggestionKind;
  anchor: CommentAnchor;
  /** Insert: the text to show at the point; delete: the passage (shown struck through in place). */
  text: string;
  suggesterName: string;
  /** The suggester's member colour; null: the default. */
  color: string | null;
  /** Format suggestions: the mark to add or remove. */
  format?: SuggestedFormat;
}

export interface SuggestionMarksState {
  marks: readonly SuggestionMark[];
  /** Each suggestion's place now (a point is `from === to`); null: gone. */
  ranges: ReadonlyMap<string, ThreadRange | null>;
  decorations: DecorationSet;
}

export const suggestionMarksKey = new PluginKey<SuggestionMarksState>('suggestion-marks');

function resolveAll(state: EditorState, marks: readonly SuggestionMark[]): Map<string, ThreadRange | null> {
  return new Map(
    marks.map((mark) => {
      if (mark.kind !== 'insert') return [mark.id, resolveAnchor(state, mark.anchor)];
      const pos = resolvePoint(state, mark.anchor.start);
      return [mark.id, pos === null ? null : { from: pos, to: pos }];
    }),
  );
}

/** A local edit: Yjs has not seen it yet, so the places move with ProseMirror's mapping instead. */
export function mapRanges(
  ranges: ReadonlyMap<string, ThreadRange | null>,
  tr: Transaction,
): Map<string, ThreadRange | null> {
  const mapped = new Map<string, ThreadRange | null>();
  for (const [id, range] of ranges) {
    if (range === null || range.from === range.to) {
      const pos = range === null ? null : tr.mapping.map(range.from, 1);
      mapped.set(id, pos === null ? null : { from: pos, to: pos });
      continue;
    }
    const from = tr.mapping.map(range.from, 1);
    const to = tr.mapping.map(range.to, -1);
    mapped.set(id, from < to ? { from, to } : null);
  }
  return mapped;
}

function insertWidget(mark: SuggestionMark, pos: number): Decoration {
  const build = () => {
    const span = document.createElement('span');
    span.className = 'suggestion-insert';
    span.textContent = mark.text;
    span.dataset.suggestionId = mark.id;
    span.dataset.name = mark.suggesterName;
    span.title = `Suggested by ${mark.suggesterName}`;
    span.tabIndex = 0;
    if (mark.color !== null) span.style.setProperty('--author-color', mark.color);
    return span;
  };
  return Decoration.widget(pos, build, {
    side: -1,
    key: `suggestion-${mark.id}-${mark.color ?? ''}`,
    ignoreSelection: true,
  });
}

export function decorateSuggestions(
  doc: Node,
  marks: readonly SuggestionMark[],
  ranges: ReadonlyMap<string, ThreadRange | null>,
): DecorationSet {
  const decorations: Decoration[] = [];
  for (const mark of marks) {
    const range = ranges.get(mark.id);
    if (range === null || range === undefined) continue;
    if (mark.kind === 'insert') {
      decorations.push(insertWidget(mark, range.from));
      continue;
    }
    const style = mark.color === null ? '' : `--author-color: ${mark.color}`;
    if (mark.kind === 'format' && mark.format) {
      decorations.push(
        Decoration.inline(range.from, range.to, {
          class: 'suggestion-format',
          title: `Suggested: ${describeFormat(mark.format)} (${mark.suggesterName})`,
          style,
          'data-suggestion-id': mark.id,
        }),
      );
      continue;
    }
    decorations.push(
      Decoration.inline(range.from, range.to, {
        class: 'suggestion-delete',
        title: `${mark.suggesterName} suggests deleting this`,
        style,
        'data-suggestion-id': mark.id,
      }),
    );
  }
  return DecorationSet.create(doc, decorations);
}

/**
 * Shows open suggestions in the text: an insertion as a widget at its point (underlined in the
 * suggester's colour, their name on hover and focus), a deletion as its passage struck through,
 * a formatting change as its passage underlined with dots ("Suggested: bold (Name)" on hover).
 * The suggestions arrive as this plugin's meta; their anchors are resolved against the Yjs
 * document then and after every change that came from Yjs, and mapped through local edits in
 * between (as comment highlights are). Never changes the document.
 */
export function suggestionMarksPlugin(): Plugin<SuggestionMarksState> {
  return new Plugin<SuggestionMarksState>({
    key: suggestionMarksKey,
    state: {
      init: () => ({ marks: [], ranges: new Map(), decorations: DecorationSet.empty }),
      apply: (tr, value, _old, newState) => {
        const input = tr.getMeta(suggestionMarksKey) as readonly SuggestionMark[] | undefined;
        const sync = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
        if (input === undefined && sync?.isChangeOrigin !== true && !tr.docChanged) return value;
        const marks = input ?? value.marks;
        if (marks.length === 0 && value.marks.length === 0) return value;
        const isFromYjs = input !== undefined || sync?.isChangeOrigin === true;
        const ranges = isFromYjs ? resolveAll(newState, marks) : mapRanges(value.ranges, tr);
        return { marks, ranges, decorations: decorateSuggestions(tr.doc, marks, ranges) };
      },
    },
    props: { decorations: (state) => suggestionMarksKey.getState(state)?.decorations },
  });
}
