import type { ReactiveControllerHost } from 'lit';
import type { ReadOnlyNotice } from '../account/read-only-notice';
import { isSameToolbarState, type ToolbarState } from '../editor/editor-commands';
import type { EditorChangeDetail, PasteReportDetail } from '../editor/editor-events';
import { pasteReportText } from '../editor/paste-report';

/**
 * What the chapter's `<book-editor>` last reported, as the chapter view shows it: the toolbar's
 * state, the word count, the notes, what the last paste left out. `reset` forgets it all (another
 * chapter or session). The word count also goes up to the app, to be written into the book's index.
 */
export class ChapterEditorReports {
  toolbar: ToolbarState | null = null;
  wordCount: number | null = null;
  /** The chapter's notes' texts, in order. */
  notes: readonly string[] = [];
  /** What the last paste left out, shown by the caret until dismissed. */
  pasteNotice: ReadOnlyNotice | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly deps: {
      chapterId: () => string;
      /** The author typed (for presence's activity). */
      noteEdit: () => void;
      /**
       * Whether the count may be written into the index: a count of a half-loaded chapter would
       * overwrite the right one in everyone's index; a read-only member does not write the index.
       */
      canWriteCount: () => boolean;
    },
  ) {}

  reset(): void {
    this.toolbar = null;
    this.wordCount = null;
    this.notes = [];
    this.pasteNotice = null;
  }

  readonly onEditorChange = (event: CustomEvent<EditorChangeDetail>) => {
    // The toolbar (and the view) render only when a button changes.
    const { toolbar } = event.detail;
    if (this.toolbar === null || !isSameToolbarState(this.toolbar, toolbar)) this.set({ toolbar });
    if (event.detail.isLocalEdit) this.deps.noteEdit();
  };

  readonly onWordCount = (event: CustomEvent<{ wordCount: number }>) => {
    this.set({ wordCount: event.detail.wordCount });
    if (!this.deps.canWriteCount()) return;
    const detail = { chapterId: this.deps.chapterId(), wordCount: event.detail.wordCount };
    this.host.dispatchEvent(new CustomEvent('chapter-word-count', { detail, bubbles: true }));
  };

  readonly onNotes = (event: CustomEvent<{ notes: readonly string[] }>) =>
    this.set({ notes: event.detail.notes });

  readonly onPaste = (event: CustomEvent<PasteReportDetail>) =>
    this.set({ pasteNotice: { text: pasteReportText(event.detail.unkept), place: event.detail.caret } });

  dismissPaste(): void {
    this.set({ pasteNotice: null });
  }

  private set(
    patch: Partial<Pick<ChapterEditorReports, 'toolbar' | 'wordCount' | 'notes' | 'pasteNotice'>>,
  ): void {
    const keys = Object.keys(patch) as (keyof typeof patch)[];
    if (keys.every((key) => Object.is(this[key], patch[key]))) return;
    Object.assign(this, patch);
    this.host.requestUpdate();
  }
}

declare global {
  interface HTMLElementEventMap {
    'chapter-word-count': CustomEvent<{ chapterId: string; wordCount: number }>;
  }
}
