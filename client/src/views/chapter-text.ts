import { chapterFragment } from '@wethink/shared/client';
import { html } from 'lit';
import type { ReadOnlyNotice } from '../account/read-only-notice';
import type { CollabSession } from '../collab/collab-session';
import type { EditRefusedDetail, EditorRequestDetail, NoteOpenDetail } from '../editor/editor-events';
import type { ImageUpload } from '../editor/plugins/image-paste';
import type { ChapterEditorReports } from './chapter-editor-reports';
import type { ChapterFeatures } from './chapter-features';

export interface ChapterTextProps {
  session: CollabSession | null;
  /** Whether the text takes edits now (a writer, not reading, the chapter loaded). */
  isReadOnly: boolean;
  isSuggesting: boolean;
  features: Pick<ChapterFeatures, 'authorship' | 'comments' | 'members' | 'suggestions'>;
  /** Where the editor's reports go (toolbar, counts, notes, pastes). */
  reports: ChapterEditorReports;
  /** What to tell the author beside the caret, if anything. */
  notice: ReadOnlyNotice | null;
  /** The prompts open over the text (a link's address, a note), rendered. */
  prompts: unknown;
  uploadImage: ImageUpload | null;
  onNoticeDismiss: () => void;
  onFindChange: (event: HTMLElementEventMap['find-change']) => void;
  onEditorRequest: (event: CustomEvent<EditorRequestDetail>) => void;
  onEditRefused: (event: CustomEvent<EditRefusedDetail>) => void;
  onNoteOpen: (detail: NoteOpenDetail) => void;
}

/** The chapter's text: `<book-editor>` with what it shows over the text, its reports wired up. */
export function renderChapterText(props: ChapterTextProps) {
  const { session, features, reports } = props;
  const { authorship, comments, members, suggestions } = features;
  return html`<div class="chapter-view__text">
    <edit-notice .notice=${props.notice} @notice-dismiss=${props.onNoticeDismiss}></edit-notice>
    ${props.prompts}
    <book-editor
      class="chapter-view__editor"
      .fragment=${session === null ? null : chapterFragment(session.ydoc)}
      .awareness=${session?.awareness ?? null}
      ?read-only=${props.isReadOnly}
      .authorship=${authorship.paint}
      .comments=${comments.highlights}
      .marks=${members.marks}
      ?suggesting=${props.isSuggesting}
      .suggestions=${suggestions.editorMarks}
      @suggestion-create=${suggestions.onCreate}
      @comment-layout-change=${comments.onLayout}
      @comment-highlight-click=${comments.onHighlightClick}
      @editor-change=${reports.onEditorChange}
      @find-change=${props.onFindChange}
      .uploadImage=${props.uploadImage}
      @editor-request=${props.onEditorRequest}
      @word-count-change=${reports.onWordCount}
      @notes-change=${reports.onNotes}
      @edit-refused=${props.onEditRefused}
      @note-open=${(event: CustomEvent<NoteOpenDetail>) => props.onNoteOpen(event.detail)}
      @paste-report=${reports.onPaste}
    ></book-editor>
  </div>`;
}
