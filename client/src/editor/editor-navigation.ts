import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { commentHighlightsKey } from './plugins/comment-highlights';
import { selectPassage } from './select-passage';

/** Puts the caret at the start of the chapter's `blockIndex`-th top-level block and scrolls to it. */
export function scrollToBlock(view: EditorView, blockIndex: number): boolean {
  if (blockIndex < 0 || blockIndex >= view.state.doc.childCount) return false;
  let pos = 0;
  for (let i = 0; i < blockIndex; i += 1) pos += view.state.doc.child(i).nodeSize;
  // Focus first: focusing a contenteditable scrolls to its top, which would undo the scroll.
  view.focus();
  view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(pos + 1))));
  const dom = view.nodeDOM(pos);
  if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'center' });
  return true;
}

/** Scrolls another author's caret (under `root`) into view and flashes it; false when there is none. */
export function flashCaretOf(root: HTMLElement, clientId: number): boolean {
  const cursor = root.querySelector<HTMLElement>(`.remote-cursor[data-client-id="${String(clientId)}"]`);
  if (cursor === null) return false;
  cursor.scrollIntoView({ block: 'center', behavior: 'smooth' });
  cursor.classList.remove('remote-cursor--flash');
  // Restart the animation: the class may still be set from a previous click.
  void cursor.offsetWidth;
  cursor.classList.add('remote-cursor--flash');
  return true;
}

/** Selects a thread's passage and scrolls to it; false when the passage is gone. */
export function revealThread(view: EditorView, threadId: string): boolean {
  const range = commentHighlightsKey.getState(view.state)?.ranges.get(threadId);
  if (range === null || range === undefined) return false;
  selectPassage(view, range);
  return true;
}
