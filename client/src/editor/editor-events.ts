import type { ToolbarState } from './editor-commands';
import type { PassageLayout } from './plugins/comment-highlights';
import type { TextPlace } from './caret-place';

/** What `<book-editor>` reports upward, as bubbling DOM events (the map at the end). */

export interface EditorChangeDetail {
  toolbar: ToolbarState;
  /** The author changed the text (remote changes and selection moves are not edits). */
  isLocalEdit: boolean;
}

/** The author asked for something that needs input first (a link address, a note's text). */
export interface EditorRequestDetail {
  action: 'link' | 'note' | 'comment';
}

/** A change to read-only text was dropped; where the caret is, in px from the editor's top left. */
export interface EditRefusedDetail {
  caret: TextPlace | null;
}

/** A note was opened (clicked, or Enter on it): its place in the document and its text. */
export interface NoteOpenDetail extends EditRefusedDetail {
  pos: number;
  text: string;
}

/** A paste left out what the book cannot hold (`unkept`, by name); where the caret ended. */
export interface PasteReportDetail extends EditRefusedDetail {
  unkept: string[];
}

declare global {
  interface HTMLElementEventMap {
    'editor-change': CustomEvent<EditorChangeDetail>;
    'editor-request': CustomEvent<EditorRequestDetail>;
    'edit-refused': CustomEvent<EditRefusedDetail>;
    'paste-report': CustomEvent<PasteReportDetail>;
    'note-open': CustomEvent<NoteOpenDetail>;
    'word-count-change': CustomEvent<{ wordCount: number }>;
    'notes-change': CustomEvent<{ notes: readonly string[] }>;
    'comment-layout-change': CustomEvent<PassageLayout>;
    'comment-highlight-click': CustomEvent<{ threadId: string }>;
    /** Find in the chapter (issue 21): the query, how many matches, which one is current (-1: none). */
    'find-change': CustomEvent<{ query: string; count: number; current: number }>;
  }
}
