import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { ThreadRange } from './comment-anchors';

/** Selects a passage, scrolls it into view and shows the selection, editable or not. */
export function selectPassage(view: EditorView, range: ThreadRange): void {
  const selection = TextSelection.create(view.state.doc, range.from, range.to);
  view.dispatch(view.state.tr.setSelection(selection).scrollIntoView());
  if (view.editable) {
    view.focus();
    return;
  }
  // ProseMirror leaves the page's selection alone in a view that is not editable.
  view.dom.focus({ preventScroll: true });
  const start = view.domAtPos(range.from);
  const end = view.domAtPos(range.to);
  view.dom.ownerDocument.getSelection()?.setBaseAndExtent(start.node, start.offset, end.node, end.offset);
}
