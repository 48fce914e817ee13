import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { undoCommand, redoCommand } from 'y-prosemirror';
import { afterNextFrame } from './after-frame';
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
  /** The toolbar's state as last reported, and the state it was computed from; null: none yet. */
  private toolbar: ToolbarState | null = null;
  private toolbarFrom: EditorState | null = null;
  /** A change report is due after the next frame; whether the author edited since the last one. */
  private isChangeDue = false;
  private hasLocalEdit = false;
  /** Bumped by `reset`: a report due for the view before it is dropped. */
  private generation = 0;

  constructor(private readonly host: HTMLElement) {}

  reset(): void {
    this.notes = [];
    this.highlights = null;
    this.layout = { order: [], orphaned: new Set() };
    this.toolbar = null;
    this.toolbarFrom = null;
    this.isChangeDue = false;
    this.hasLocalEdit = false;
    this.generation += 1;
  }

  /**
   * Notes a transaction (the author's own edit or not); the toolbar's state and whether the author
   * edited are reported once, after the next frame, for all the transactions before it. The
   * keystroke's frame then carries none of it: the toolbar's computation, the event, the activity
   * the page derives from it (issue 19). The toolbar shows its new state a frame later.
   */
  change(view: EditorView, isLocalEdit: boolean): void {
    this.hasLocalEdit ||= isLocalEdit;
    if (this.isChangeDue) return;
    this.isChangeDue = true;
    const generation = this.generation;
    afterNextFrame(() => {
      if (generation !== this.generation) return;
      this.isChangeDue = false;
      const hasLocalEdit = this.hasLocalEdit;
      this.hasLocalEdit = false;
      this.reportChange(view, hasLocalEdit);
    });
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

  /**
   * Reported for every burst with an edit of the author's; otherwise only when a button changed. A
   * caret whose neighbourhood is as it was (a co-author typing elsewhere, their caret moving, a
   * decoration) skips the toolbar's computation: it costs about 0.15 ms, and with co-authors
   * typing their changes outnumber the author's own keystrokes.
   */
  private reportChange(view: EditorView, isLocalEdit: boolean): void {
    const previous = this.toolbar;
    const before = this.toolbarFrom;
    this.toolbarFrom = view.state;
    if (!isLocalEdit && previous !== null && before !== null && isSameCaretContext(before, view.state)) {
      if (isSameHistory(previous, view.state)) return;
    }
    const toolbar = toolbarState(view.state);
    if (!isLocalEdit && previous !== null && isSameToolbarState(previous, toolbar)) return;
    this.toolbar = toolbar;
    this.emit('editor-change', { toolbar, isLocalEdit });
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
