import type { Transaction } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { yCursorPluginKey } from 'y-prosemirror';
import { readPendingDomSelection } from './dom-selection-flush';
import { authorshipKey, type AuthorshipPaint } from './plugins/authorship';
import { commentHighlightsKey, type CommentHighlights } from './plugins/comment-highlights';
import { setReadOnly } from './plugins/read-only-guard';
import { setSuggesting } from './plugins/suggesting';
import { suggestionMarksKey, type SuggestionMark } from './plugins/suggestion-marks';

/**
 * What `<book-editor>`'s properties set in its view: decorations (authors' colours, comment
 * highlights, suggestions, carets) and switches (read-only, suggesting). None changes the text.
 */

/**
 * Dispatches a transaction that changes no content (decorations, switches), after reading a caret
 * move the editor has not read yet: dispatched first, it would be put back. It changes nothing to
 * undo, so it carries no `addToHistory: false`: with that meta, y-prosemirror ends the author's
 * undo step, and a co-author's comment or caret colour arriving mid-sentence split it (undo then
 * took back half a sentence: the undo spec failed one run in three).
 */
export function dispatchQuietly(view: EditorView, change: (tr: Transaction) => Transaction): void {
  readPendingDomSelection(view);
  view.dispatch(change(view.state.tr));
}

/**
 * Repainted when the colours are refetched, which a co-author's edit sets off: like their change
 * itself, it must not put back a caret move the editor has not read yet. Nothing to do for no
 * colours on uncoloured text.
 */
export function paintAuthorship(view: EditorView, paint: AuthorshipPaint | null): void {
  const current = authorshipKey.getState(view.state);
  if (paint === null && (current === undefined || current.find().length === 0)) return;
  dispatchQuietly(view, (tr) => tr.setMeta(authorshipKey, paint));
}

/** Redrawn when a co-author's comment arrives. */
export function showComments(view: EditorView, highlights: CommentHighlights | null): void {
  const shown = highlights ?? { threads: [], focusedId: null };
  dispatchQuietly(view, (tr) => tr.setMeta(commentHighlightsKey, shown));
}

export function showSuggestions(view: EditorView, marks: readonly SuggestionMark[] | null): void {
  const shown = marks ?? [];
  dispatchQuietly(view, (tr) => tr.setMeta(suggestionMarksKey, shown));
}

export function applyReadOnly(view: EditorView, isReadOnly: boolean): void {
  dispatchQuietly(view, (tr) => setReadOnly(tr, isReadOnly));
}

export function applySuggesting(view: EditorView, isSuggesting: boolean): void {
  dispatchQuietly(view, (tr) => setSuggesting(tr, isSuggesting));
}

/**
 * The carets are drawn from awareness; new colours need them drawn again. y-prosemirror keys
 * each caret widget by client id, so ProseMirror keeps the caret elements it has: they are
 * recoloured here, and selections (plain attributes) are redrawn by the transaction.
 */
export function redrawCarets(view: EditorView, colorOf: (userId: string | undefined) => string | null): void {
  for (const cursor of view.dom.querySelectorAll<HTMLElement>('.remote-cursor[data-user-id]')) {
    const color = colorOf(cursor.dataset.userId);
    if (color !== null) cursor.style.setProperty('--author-color', color);
  }
  dispatchQuietly(view, (tr) => tr.setMeta(yCursorPluginKey, { awarenessUpdated: true }));
}
