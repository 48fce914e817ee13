import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from 'y-prosemirror';
import * as Y from 'yjs';

export const ownCaretKey = new PluginKey('ownCaret');

/** The part of y-prosemirror's sync plugin state used here: its map from Yjs types to nodes. */
interface SyncState {
  binding?: { mapping?: Map<Y.AbstractType<unknown>, unknown> };
}

function mappingOf(state: EditorState): Map<Y.AbstractType<unknown>, unknown> | null {
  return (ySyncPluginKey.getState(state) as SyncState | undefined)?.binding?.mapping ?? null;
}

/**
 * The caret as a Yjs position tied to the character on its left (assoc -1), or null when it is
 * not a caret in text (a range, a node, a caret with no text to hold on to).
 */
function leftBoundCaret(state: EditorState, fragment: Y.XmlFragment): Y.RelativePosition | null {
  const { selection } = state;
  const mapping = mappingOf(state);
  const ydoc = fragment.doc;
  if (!(selection instanceof TextSelection) || !selection.empty || mapping === null || ydoc === null)
    return null;
  const rightBound = absolutePositionToRelativePosition(
    selection.head,
    fragment,
    mapping as never,
  ) as Y.RelativePosition;
  const absolute = Y.createAbsolutePositionFromRelativePosition(rightBound, ydoc);
  if (absolute === null || !(absolute.type instanceof Y.XmlText)) return null;
  return Y.createRelativePositionFromTypeIndex(absolute.type, absolute.index, -1);
}

/**
 * Keeps the author's caret right after the last character they typed when co-authors type at the
 * same spot, so each person's run of typing stays in one piece instead of interleaving letter by
 * letter ("Ch aAdar lenso…").
 *
 * Why: on a co-author's change, y-prosemirror 1.3 restores the caret from a Yjs relative position
 * bound to the character on its right (or the end of the text), so a remote insert at the caret
 * lands before it and the author's next letter goes after the co-author's. Bound to the left, the
 * remote insert lands after the caret, and each author's letters keep following their own.
 */
export function ownCaretPlugin(fragment: Y.XmlFragment): Plugin {
  let caret: Y.RelativePosition | null = null;
  return new Plugin({
    key: ownCaretKey,
    view(view: EditorView) {
      const ydoc = fragment.doc;
      if (ydoc === null) throw new Error('ownCaretPlugin needs a fragment in a Y.Doc');
      // Added after dom-selection-flush's beforeAllTransactions listener: the state has the caret
      // the browser last moved to.
      const onBefore = (transaction: Y.Transaction) => {
        if (!transaction.local && caret === null) caret = leftBoundCaret(view.state, fragment);
      };
      const onAfterAll = () => {
        caret = null;
      };
      ydoc.on('beforeTransaction', onBefore);
      ydoc.on('afterAllTransactions', onAfterAll);
      return {
        destroy: () => {
          ydoc.off('beforeTransaction', onBefore);
          ydoc.off('afterAllTransactions', onAfterAll);
        },
      };
    },
    appendTransaction(transactions: readonly Transaction[], _old: EditorState, state: EditorState) {
      const isRemote = transactions.some(
        (tr) =>
          (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true,
      );
      const mapping = mappingOf(state);
      if (!isRemote || caret === null || mapping === null || fragment.doc === null) return null;
      if (!(state.selection instanceof TextSelection) || !state.selection.empty) return null;
      const pos = relativePositionToAbsolutePosition(fragment.doc, fragment, caret, mapping as never);
      if (pos === null || pos === state.selection.head || pos < 0 || pos > state.doc.content.size)
        return null;
      const $pos = state.doc.resolve(pos);
      if (!$pos.parent.inlineContent) return null;
      // A caret move: no `addToHistory: false`, which would end the author's undo step.
      return state.tr.setSelection(TextSelection.create(state.doc, pos));
    },
  });
}
