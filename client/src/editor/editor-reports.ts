import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { undoCommand, redoCommand } from 'y-prosemirror';
import { placeBelow } from './caret-place';
import { isSameCaretContext } from './caret-context';
import { isSameToolbarState, toolbarState, type ToolbarState } from './editor-commands';
import type { EditorRequestDetail, EditRefusedDetail } from './editor-events';
import { notesOf } from './commands/notes';
import {
  commentHighlightsKey,
  isSameLayout,
  passageLayout,
  type CommentHighlightsState,
  type PassageLayout,
} from './plugins/comment-highlights';
import type { FindState } from './plugins/find';
import { countDocWords } from './word-count';

/**
 * What `<book-editor>` tells the page, as the bubbling events of editor-events.ts. Each report
 * reads what it needs from the view; the notes and the threads' layout are reported only when they
 * changed, so this keeps what it last said about them (`reset` forgets it, for a new view).
 */
export class EditorReports {
  private notes: readonly string[] = [];
  private highlights: CommentHighlightsState | null = null;
  private layout: PassageLayout = { order: [], orphaned: new Set() };
  /** The toolbar's state as last reported; null: none yet for this view. */
  private toolbar: ToolbarState | null = null;

  constructor(private readonly host: HTMLElement) {}

  reset(): void {
    this.notes = [];
    this.highlights = null;
    this.layout = { order: [], orphaned: new Set() };
    this.toolbar = null;
  }

  /**
   * The toolbar's state after a transaction, and whether it was the author's own edit. Reported
   * for every edit of the author's; otherwise only when a button changed. A transaction that
   * leaves the caret's neighbourhood alone (a co-author typing elsewhere, their caret moving, a
   * decoration) skips the toolbar's computation: it costs about 0.15 ms on each, and with
   * co-authors typing they outnumber the author's own keystrokes (issue 19).
   */
  change(view: EditorView, before: EditorState | null, isLocalEdit: boolean): void {
    const previous = this.toolbar;
    if (!isLocalEdit && previous !== null && before !== null && isSameCaretContext(before, view.state)) {
      if (isSameHistory(previous, view.state)) return;
    }
    const toolbar = toolbarState(view.state);
    if (!isLocalEdit && previous !== null && isSameToolbarState(previous, toolbar)) return;
    this.toolbar = toolbar;
    this.emit('editor-change', { toolbar, isLocalEdit });
  }

  /** The chapter's words (once per burst of typing), and its notes when one changed. */
  wordCount(view: EditorView): void {
    this.emit('word-count-change', { wordCount: countDocWords(view.state.doc) });
    const notes = notesOf(view.state.doc);
    if (notes.length === this.notes.length && notes.every((text, index) => text === this.notes[index]))
      return;
    this.notes = notes;
    this.emit('notes-change', { notes });
  }

  /** Where the threads' passages are, when their order or the orphans change. */
  commentLayout(view: EditorView): void {
    const state = commentHighlightsKey.getState(view.state);
    if (state === undefined || state === this.highlights) return;
    this.highlights = state;
    const layout = passageLayout(state);
    if (isSameLayout(layout, this.layout)) return;
    this.layout = layout;
    this.emit('comment-layout-change', layout);
  }

  find(find: FindState): void {
    this.emit('find-change', { query: find.query, count: find.matches.length, current: find.current });
  }

  request(action: EditorRequestDetail['action']): void {
    this.emit('editor-request', { action });
  }

  noteOpen(view: EditorView, pos: number, text: string): void {
    this.emit('note-open', { pos, text, caret: placeBelow(view, this.host, pos + 1) });
  }

  paste(view: EditorView, unkept: string[]): void {
    this.emit('paste-report', { unkept, caret: this.caretPlace(view) });
  }

  refused(view: EditorView): void {
    this.emit('edit-refused', { caret: this.caretPlace(view) });
  }

  threadClick(threadId: string): void {
    this.emit('comment-highlight-click', { threadId });
  }

  /** Just below the caret line, relative to the editor; null when it is not in the text. */
  caretPlace(view: EditorView): EditRefusedDetail['caret'] {
    return placeBelow(view, this.host, view.state.selection.head);
  }

  private emit<K extends keyof HTMLElementEventMap>(
    type: K,
    detail: HTMLElementEventMap[K] extends CustomEvent<infer D> ? D : never,
  ): void {
    this.host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

/**
 * Whether undo and redo are still as `toolbar` shows them: the only buttons that do not depend on
 * the caret's place (the undo manager's stacks, cheap to ask).
 */
function isSameHistory(toolbar: ToolbarState, state: EditorState): boolean {
  const canUndo = Boolean((undoCommand as (state: EditorState) => unknown)(state));
  const canRedo = Boolean((redoCommand as (state: EditorState) => unknown)(state));
  return toolbar.undo.isEnabled === canUndo && toolbar.redo.isEnabled === canRedo;
}
