import { bookSchema } from '@wethink/shared/client';
import { LitElement, html, type PropertyValues } from 'lit';
import type { Transaction } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { ySyncPluginKey } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { BurstTimer } from './burst-timer';
import { anchorFromSelection } from './comment-anchors';
import type { EditRefusedDetail, EditorRequestDetail } from './editor-events';
import { EditorReports } from './editor-reports';
import { insertNote, updateNote, updateNthNote } from './commands/notes';
import { insertFigure, insertTable } from './commands/figures';
import type { ImageUpload } from './plugins/image-paste';
import { findKey, findStep, replaceAll, replaceCurrent, setFindQuery } from './plugins/find';
import { setLink } from './commands/links';
import { flushDomSelectionBeforeRemoteChanges } from './dom-selection-flush';
import { directCommands, type ToolbarAction } from './editor-commands';
import { bookEditorPlugins, type BookEditorHooks } from './editor-plugins';
import {
  applyReadOnly,
  applySuggesting,
  paintAuthorship,
  redrawCarets,
  showComments,
  showSuggestions,
} from './editor-switches';
import { createEditorState } from './editor-state';
import type { AuthorshipPaint } from './plugins/authorship';
import type { CommentHighlights } from './plugins/comment-highlights';
import { isLocalDocChange } from './plugins/read-only-guard';
import type { SuggestionMark } from './plugins/suggestion-marks';
import { giveEmptyBlocksText } from './empty-block-text';
import { flashCaretOf, revealThread, scrollToBlock } from './editor-navigation';
import { createOwnView } from './own-view';
import type { MemberMark } from '../people/member-colors';
import type { CursorPeople } from './plugins/remote-cursors';

/**
 * Words are counted at most once a second while someone types. Each count reads the whole chapter
 * and changes the page's counts, which lays the page out again: at 250 ms that was a fifth of the
 * layouts typing caused beyond a bare editor's (issue 19).
 */
const WORD_COUNT_DELAY_MS = 1000;

/**
 * Hosts a ProseMirror `EditorView` bound to a shared fragment. Renders into light DOM: selection
 * and IME composition are unreliable inside a shadow root (y-prosemirror PRs #36, #58, #196).
 * Knows nothing about sockets: it is given a `Y.XmlFragment` and an `Awareness`.
 */
export class BookEditor extends LitElement {
  static override properties = {
    fragment: { attribute: false },
    awareness: { attribute: false },
    isReadOnly: { type: Boolean, attribute: 'read-only', reflect: true },
    authorship: { attribute: false },
    comments: { attribute: false },
    marks: { attribute: false },
    isSuggesting: { type: Boolean, attribute: 'suggesting', reflect: true },
    suggestions: { attribute: false },
    uploadImage: { attribute: false },
  };

  /** Uploads a pasted or dropped image for this chapter's book; null: images cannot be added here. */
  declare uploadImage: ImageUpload | null;
  declare fragment: Y.XmlFragment | null;
  declare awareness: Awareness | null;
  declare isReadOnly: boolean;
  /** Who wrote what, to colour the text by; null leaves it uncoloured. */
  declare authorship: AuthorshipPaint | null;
  /** The comment threads to highlight; null shows none. */
  declare comments: CommentHighlights | null;
  /** The book's member colours, for other people's carets; null: the colours awareness carries. */
  declare marks: ReadonlyMap<string, MemberMark> | null;
  /** Typing makes suggestions instead of changing the text (see plugins/suggesting.ts). */
  declare isSuggesting: boolean;
  /** The open suggestions to show in the text; null shows none. */
  declare suggestions: readonly SuggestionMark[] | null;

  private view: EditorView | null = null;
  private stopTextGuard: (() => void) | null = null;
  private stopSelectionFlush: (() => void) | null = null;
  private readonly reports = new EditorReports(this);
  private readonly wordCounts = new BurstTimer(WORD_COUNT_DELAY_MS, () => this.reportWordCount());

  constructor() {
    super();
    this.fragment = null;
    this.awareness = null;
    this.isReadOnly = false;
    this.uploadImage = null;
    this.authorship = null;
    this.comments = null;
    this.marks = null;
    this.isSuggesting = false;
    this.suggestions = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-attached after a move in the DOM: the view was destroyed on disconnect.
    if (this.hasUpdated && this.view === null) this.mountView();
    // Capture: the count must be reported before the app's own (bubbling) listeners write it out.
    window.addEventListener('pagehide', this.onPageHidden, { capture: true });
    window.addEventListener('visibilitychange', this.onPageHidden, { capture: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('pagehide', this.onPageHidden, { capture: true });
    window.removeEventListener('visibilitychange', this.onPageHidden, { capture: true });
    this.destroyView();
  }

  protected override render() {
    return html`<div class="book-editor__mount"></div>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('fragment') || changed.has('awareness')) {
      this.mountView();
      return;
    }
    const view = this.view;
    if (view === null) return;
    if (changed.has('isReadOnly')) applyReadOnly(view, this.isReadOnly);
    if (changed.has('authorship')) paintAuthorship(view, this.authorship);
    if (changed.has('comments')) showComments(view, this.comments);
    if (changed.has('marks')) redrawCarets(view, this.people.colorOf);
    if (changed.has('isSuggesting')) applySuggesting(view, this.isSuggesting);
    if (changed.has('suggestions')) showSuggestions(view, this.suggestions);
  }

  /** Runs a toolbar command; returns false when it does not apply here. */
  run(action: Exclude<ToolbarAction, 'note'>): boolean {
    return this.withView((view) => directCommands[action](view.state, view.dispatch, view));
  }

  setLink(href: string): boolean {
    return this.withView((view) => setLink(href)(view.state, view.dispatch, view));
  }

  insertNote(text: string): boolean {
    return this.withView((view) => insertNote(text)(view.state, view.dispatch, view));
  }

  /** Changes the note at `pos` (an empty text removes it). */
  updateNote(pos: number, text: string): boolean {
    return this.withView((view) => updateNote(pos, text)(view.state, view.dispatch, view));
  }

  /** Changes the `index`th note of the chapter (the notes list at its end). */
  updateNthNote(index: number, text: string): boolean {
    return this.withView((view) => updateNthNote(index, text)(view.state, view.dispatch, view));
  }

  /** Where a popover for the selection goes: below its end, in px from this element's top left. */
  selectionPlace(): EditRefusedDetail['caret'] {
    return this.view === null ? null : this.reports.caretPlace(this.view);
  }

  /** An anchor for the selected passage and its text, or null when nothing with text is selected. */
  commentAnchor(): ReturnType<typeof anchorFromSelection> {
    return this.view === null ? null : anchorFromSelection(this.view.state);
  }

  /** Selects a thread's passage and scrolls to it; false when the passage is gone. */
  revealThread(threadId: string): boolean {
    return this.view !== null && revealThread(this.view, threadId);
  }

  override focus(): void {
    this.view?.focus();
  }

  /** Inserts a figure for an uploaded image after the current block. */
  insertFigure(src: string, alt: string): boolean {
    return (
      this.view !== null && !this.isReadOnly && insertFigure(src, alt)(this.view.state, this.view.dispatch)
    );
  }

  /** Inserts an empty table after the current block. */
  insertTable(): boolean {
    return this.view !== null && !this.isReadOnly && insertTable()(this.view.state, this.view.dispatch);
  }

  /** Find in this chapter (`find-change` reports the matches); '' ends it. */
  find(query: string): void {
    if (this.view !== null) setFindQuery(query)(this.view.state, this.view.dispatch);
  }

  findStep(direction: 1 | -1): boolean {
    return this.view !== null && findStep(direction)(this.view.state, this.view.dispatch);
  }

  /** Replaces the current match, or all of them; false for a read-only editor or no match. */
  replaceFound(replacement: string, isAll: boolean): boolean {
    if (this.view === null || this.isReadOnly) return false;
    const command = isAll ? replaceAll(replacement) : replaceCurrent(replacement);
    return command(this.view.state, this.view.dispatch);
  }

  /** Puts the caret at the start of the chapter's `blockIndex`-th top-level block and scrolls to it (outline). */
  scrollToBlock(blockIndex: number): boolean {
    return this.view !== null && scrollToBlock(this.view, blockIndex);
  }

  /** Scrolls another author's caret into view and flashes it. False when they have no caret here. */
  scrollToClient(clientId: number): boolean {
    return flashCaretOf(this, clientId);
  }

  /** Read by the caret plugin each time it draws: always the current marks and account. */
  private readonly people: CursorPeople = {
    colorOf: (userId) => (typeof userId === 'string' ? (this.marks?.get(userId)?.color ?? null) : null),
    isSelf: (userId) => {
      const local = this.awareness?.getLocalState() as { user?: { id?: unknown } } | null | undefined;
      return typeof userId === 'string' && userId === local?.user?.id;
    },
  };

  private withView(action: (view: EditorView) => boolean): boolean {
    const view = this.view;
    if (view === null || this.isReadOnly) return false;
    const result = action(view);
    view.focus();
    return result;
  }

  private mountView(): void {
    this.destroyView();
    const mount = this.querySelector<HTMLElement>('.book-editor__mount');
    if (this.fragment === null || this.awareness === null || mount === null) return;
    this.stopTextGuard = giveEmptyBlocksText(
      this.fragment,
      (nodeName) => bookSchema.nodes[nodeName]?.isTextblock === true,
    );
    const plugins = bookEditorPlugins(this.pluginHooks());
    // Before the view: its listeners must run before those y-prosemirror adds with the view.
    this.stopSelectionFlush = flushDomSelectionBeforeRemoteChanges({
      fragment: this.fragment,
      awareness: this.awareness,
      getView: () => this.view,
    });
    const state = createEditorState({
      fragment: this.fragment,
      awareness: this.awareness,
      extraPlugins: plugins.extra,
      people: this.people,
      firstPlugins: plugins.first,
    });
    // Always editable: read-only text is guarded by readOnlyGuardPlugin, so a reviewer still has a
    // caret to select with and to share (y-prosemirror publishes a focused view's cursor).
    const attributes = { class: 'book-editor__prose', 'aria-label': 'Chapter text' };
    const view = createOwnView(
      mount,
      { state, attributes },
      {
        onCreated: (created) => (this.view = created),
        apply: (target, tr) => this.apply(target, tr),
      },
    );
    this.reports.change(view, false);
    this.reportWordCount();
    paintAuthorship(view, this.authorship);
    showComments(view, this.comments);
    applySuggesting(view, this.isSuggesting);
    showSuggestions(view, this.suggestions);
  }

  private pluginHooks(): BookEditorHooks {
    return {
      host: this,
      isReadOnly: () => this.isReadOnly,
      uploadImage: () => this.uploadImage,
      request: (action) => this.request(action),
      onRefused: () => this.reportRefused(),
      onNoteOpen: (pos, text) => {
        if (this.view !== null) this.reports.noteOpen(this.view, pos, text);
      },
      onThreadClick: (threadId) => this.reports.threadClick(threadId),
      onPasteReport: (unkept) => {
        if (this.view !== null) this.reports.paste(this.view, unkept);
      },
    };
  }

  private destroyView(): void {
    this.wordCounts.cancel();
    this.reports.reset();
    this.view?.destroy();
    this.view = null;
    this.stopTextGuard?.();
    this.stopTextGuard = null;
    this.stopSelectionFlush?.();
    this.stopSelectionFlush = null;
  }

  private apply(view: EditorView, tr: Transaction): void {
    if (view !== this.view) return;
    const before = view.state;
    const findBefore = findKey.getState(before);
    const next = before.apply(tr);
    // The read-only guard filtered it out (a key command, a paste, a drop, a composition's end).
    if (next === before && isLocalDocChange(tr)) this.reportRefused();
    view.updateState(next);
    const find = findKey.getState(view.state);
    if (find !== findBefore && find !== undefined) this.reports.find(find);
    if (tr.docChanged) this.wordCounts.note();
    this.reports.commentLayout(view);
    const syncMeta = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
    this.reports.change(view, tr.docChanged && syncMeta?.isChangeOrigin !== true);
  }

  private request(action: EditorRequestDetail['action']): boolean {
    if (this.isReadOnly && action !== 'comment') this.reportRefused();
    else this.reports.request(action);
    return true;
  }

  private reportRefused(): void {
    if (this.view !== null) this.reports.refused(this.view);
  }

  /** The tab may be closing: a count still waiting for its delay is reported now. */
  private readonly onPageHidden = (event: Event) => {
    if (event.type === 'visibilitychange' && document.visibilityState !== 'hidden') return;
    this.wordCounts.flush();
  };

  private reportWordCount(): void {
    if (this.view !== null) this.reports.wordCount(this.view);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'book-editor': BookEditor;
  }
}
