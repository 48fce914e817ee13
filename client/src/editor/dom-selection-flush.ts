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
    if (view !== null) flushDomObserver(view, { isInRemoteTransaction: true });
  };
  const onAwarenessChange = (_changes: unknown, origin: unknown) => {
    // 'local' is this author's own caret, set from inside ProseMirror's update.
    const view = origin === 'local' ? null : getView();
    if (view !== null) flushDomObserver(view, { isInRemoteTransaction: false });
  };
  ydoc.on('beforeAllTransactions', onBeforeAllTransactions);
  awareness.on('change', onAwarenessChange);
  return () => {
    ydoc.off('beforeAllTransactions', onBeforeAllTransactions);
    awareness.off('change', onAwarenessChange);
  };
}

function flushDomObserver(
  view: EditorView,
  { isInRemoteTransaction }: { isInRemoteTransaction: boolean },
): void {
  const observer = (view as unknown as { domObserver?: DomObserver }).domObserver;
  // Typed text not read yet would go to Yjs inside the remote transaction, under the remote origin,
  // and the provider would not send it: leave that to ProseMirror's own flush.
  if (isInRemoteTransaction && observer?.queue?.length !== 0) return;
  try {
    if (typeof observer?.flush !== 'function') {
      throw new Error(`prosemirror-view's EditorView.domObserver has no flush(): ${String(observer)}`);
    }
    observer.flush();
  } catch (error) {
    // Thrown inside a Yjs listener, it would leave the Y.Doc stuck mid-transaction: raise it after.
    queueMicrotask(() => {
      throw new Error('reading the DOM selection before a remote change failed', { cause: error });
    });
  }
}
