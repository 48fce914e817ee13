import type { EditorView } from 'prosemirror-view';

/** A place just below a line of the text, in px from the top left of `host` (the editor element). */
export interface TextPlace {
  left: number;
  top: number;
}

/** Just below document position `pos`, where a notice or popover about it goes; null off the doc. */
export function placeBelow(view: EditorView, host: Element, pos: number): TextPlace | null {
  if (pos < 0 || pos > view.state.doc.content.size) return null;
  const caret = view.coordsAtPos(pos);
  const box = host.getBoundingClientRect();
  return { left: Math.round(caret.left - box.left), top: Math.round(caret.bottom - box.top + 4) };
}
