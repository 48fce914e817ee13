import type { Transaction } from 'prosemirror-state';
import { EditorView, type DirectEditorProps } from 'prosemirror-view';

/**
 * A view that dispatches into itself only: a transaction a destroyed view still sends (a
 * y-prosemirror timeout, a late selection read) would otherwise reach its successor's state and
 * throw "Applying a mismatched transaction" on a chapter switch.
 *
 * y-prosemirror renders the fragment from its plugin view's constructor, that is before the view
 * exists: dropped, a chapter whose text was already loaded (from this device, or before the
 * chapter page's chunk arrived) stayed empty until the next change. Each transaction built on the
 * state it meets is applied once the view exists; a later one built on the same start state is not.
 */
export function createOwnView(
  mount: HTMLElement,
  props: Omit<DirectEditorProps, 'dispatchTransaction'>,
  hooks: {
    /** The view exists (before the transactions kept while building it are applied). */
    onCreated: (view: EditorView) => void;
    apply: (view: EditorView, tr: Transaction) => void;
  },
): EditorView {
  const { apply } = hooks;
  let view: EditorView | null = null;
  const duringBuild: Transaction[] = [];
  view = new EditorView(
    { mount },
    {
      ...props,
      // Null while the view is being built: kept, and applied once it exists (below).
      dispatchTransaction: (tr) => {
        if (view === null) duringBuild.push(tr);
        else apply(view, tr);
      },
    },
  );
  hooks.onCreated(view);
  for (const tr of duringBuild) if (tr.before.eq(view.state.doc)) apply(view, tr);
  return view;
}
