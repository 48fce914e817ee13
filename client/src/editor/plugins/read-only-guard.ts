import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { ySyncPluginKey } from 'y-prosemirror';

/** Whether the text may be changed here; set with `setReadOnly`. */
export const readOnlyGuardKey = new PluginKey<boolean>('readOnlyGuard');

/** Marks a transaction that switches the guard on or off (it changes nothing else). */
export function setReadOnly(tr: Transaction, isReadOnly: boolean): Transaction {
  return tr.setMeta(readOnlyGuardKey, isReadOnly);
}

export function isReadOnly(state: EditorState): boolean {
  return readOnlyGuardKey.getState(state) === true;
}

/**
 * True for a transaction that changes the text on this person's behalf: typing, a command, a
 * paste or a drop. Transactions y-prosemirror makes from the shared document (co-authors' edits,
 * the first render, snapshots) carry its meta and always pass.
 */
export function isLocalDocChange(tr: Transaction): boolean {
  return tr.docChanged && tr.getMeta(ySyncPluginKey) === undefined;
}

export interface ReadOnlyGuardOptions {
  isReadOnly: boolean;
  /** Someone tried to change the text while it is read-only (typed, deleted, pasted…). */
  onRefused: () => void;
}

/**
 * Read-only without `editable: false`. ProseMirror's `editable: false` makes the text
 * `contenteditable="false"`, where Chromium has no caret: a reviewer cannot select with Home,
 * Shift+arrows or Shift+click to comment. Here the view stays editable and this plugin drops every
 * local change to the text: `beforeinput` is cancelled before the browser touches the DOM, and any
 * transaction that still tries (keymaps, paste, drop, the end of an IME composition) is filtered
 * out; ProseMirror then redraws what the browser changed (its DOM observer marks the range dirty).
 * Undo needs nothing: a read-only person's undo stack holds no edits of theirs.
 */
export function readOnlyGuardPlugin({ isReadOnly: initial, onRefused }: ReadOnlyGuardOptions): Plugin {
  return new Plugin<boolean>({
    key: readOnlyGuardKey,
    state: {
      init: () => initial,
      apply: (tr, value) => {
        const next = tr.getMeta(readOnlyGuardKey) as boolean | undefined;
        return next ?? value;
      },
    },
    filterTransaction: (tr, state) => !(isReadOnly(state) && isLocalDocChange(tr)),
    props: {
      handleDOMEvents: {
        beforeinput: (view, event) => {
          if (!isReadOnly(view.state)) return false;
          // Composition text cannot be cancelled; the filter above catches it when it ends.
          if (event.cancelable) event.preventDefault();
          onRefused();
          return true;
        },
      },
      // Readers on a phone get no on-screen keyboard; nobody gets spelling marks on text they cannot fix.
      attributes: (state): Record<string, string> =>
        isReadOnly(state)
          ? { 'aria-readonly': 'true', inputmode: 'none', spellcheck: 'false' }
          : { spellcheck: 'true' },
    },
  });
}
