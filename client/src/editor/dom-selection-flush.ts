import type { EditorView } from 'prosemirror-view';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';

/** The part of prosemirror-view's DOM observer used here: internal, absent from its typings. */
interface DomObserver {
  /** DOM mutations taken from the MutationObserver but not yet read into the state. */
  queue?: readonly unknown[];
  /** Reads pending DOM changes and the DOM selection into the state, as on `selectionchange`. */
  flush?: () => void;
}

export interface DomSelectionFlushDeps {
  fragment: Y.XmlFragment;
  awareness: Awareness;
  /** The editor's view; null while there is none. */
  getView: () => EditorView | null;
}

/**
 * Before a co-author's change reaches the editor, has ProseMirror read a caret move the browser has
 * already made, so the change does not put the author's caret back.
 *
 * Why: ProseMirror reads the caret moves the browser makes itself (a click, Ctrl+End) on
 * `selectionchange`, which Chromium fires some time after the move. A co-author's change arriving in
 * between makes y-prosemirror dispatch from the editor's stale state: the sync plugin restores the
 * selection it took from that state in the Y.Doc's `beforeAllTransactions`, and the cursor plugin
 * redraws the carets on an awareness change. Either way the view writes the old selection back to
 * the DOM and the author's next keystrokes land where the caret was.
 *
 * Call it before creating the view: Yjs and y-protocols call listeners in the order they were added,
 * and y-prosemirror adds its own when the view is created. Returns a function that removes them.
 */
export function flushDomSelectionBeforeRemoteChanges({
  fragment,
  awareness,
  getView,
}: DomSelectionFlushDeps): () => void {
  const ydoc = fragment.doc;
  if (ydoc === null) throw new Error('flushDomSelectionBeforeRemoteChanges needs a fragment in a Y.Doc');
  const onBeforeAllTransactions = () => {
    // Local transactions start inside ProseMirror's own update, where a flush would dispatch again.
    const view = ydoc._transaction?.local === false ? getView() : null;
    // Typed text not read yet would go to Yjs inside the remote transaction, under the remote origin,
    // and the provider would not send it: leave that to ProseMirror's own flush.
    if (view !== null && !hasUnreadDomMutations(view)) readPendingDomSelection(view);
  };
  const onAwarenessChange = (_changes: unknown, origin: unknown) => {
    // 'local' is this author's own caret, set from inside ProseMirror's update.
    const view = origin === 'local' ? null : getView();
    if (view !== null) readPendingDomSelection(view);
  };
  ydoc.on('beforeAllTransactions', onBeforeAllTransactions);
  awareness.on('change', onAwarenessChange);
  return () => {
    ydoc.off('beforeAllTransactions', onBeforeAllTransactions);
    awareness.off('change', onAwarenessChange);
  };
}

function domObserverOf(view: EditorView): DomObserver | undefined {
  return (view as unknown as { domObserver?: DomObserver }).domObserver;
}

/** True unless the observer says it has no DOM mutations waiting (also when it says nothing). */
function hasUnreadDomMutations(view: EditorView): boolean {
  return domObserverOf(view)?.queue?.length !== 0;
}

/**
 * Has ProseMirror read, now, what the browser has done to the editor's DOM and not told it yet:
 * above all a caret move still waiting for its `selectionchange`. Call it before dispatching from
 * `view.state` for a reason other than the author's own input (a co-author's change, a redraw
 * of highlights), or the dispatch writes the stale selection back to the DOM. Any unread typing
 * is read too, as ProseMirror's own flush would, and goes to Yjs as the author's edit.
 *
 * Never throws: it is called from Yjs listeners and redraws that must go on. A failure (say,
 * prosemirror-view no longer has the internal observer) is raised in a microtask instead.
 */
export function readPendingDomSelection(view: EditorView): void {
  const observer = domObserverOf(view);
  try {
    if (typeof observer?.flush !== 'function') {
      throw new Error(`prosemirror-view's EditorView.domObserver has no flush(): ${String(observer)}`);
    }
    observer.flush();
  } catch (error) {
    // Thrown inside a Yjs listener, it would leave the Y.Doc stuck mid-transaction: raise it after.
    queueMicrotask(() => {
      throw new Error('reading the pending DOM selection failed', { cause: error });
    });
  }
}
