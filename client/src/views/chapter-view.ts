import { chapterFragment, type Role } from '@wethink/shared/client';
import { LitElement, html } from 'lit';
import { capabilitiesOf } from '../account/capabilities';
import { ReadOnlyNotices } from '../account/read-only-notice';
import type { ApiClient, ChapterRef } from '../api/api-client';
import type { BookInfo } from '../book/book-index';
import type { ChapterPeople } from '../components/chapter-list';
import { ActivityTracker } from '../collab/activity-tracker';
import type { CollabSession } from '../collab/collab-session';
import type { PresenceActivity } from '../collab/presence';
import { ReturnReportController } from '../collab/return-report-controller';
import { SessionController } from '../collab/session-controller';
import type { BookEditor } from '../editor/book-editor';
import type {
  EditRefusedDetail,
  EditorChangeDetail,
  PasteReportDetail,
  EditorRequestDetail,
  NoteOpenDetail,
} from '../editor/editor-events';
import { isSameToolbarState, type ToolbarAction, type ToolbarState } from '../editor/editor-commands';
import { AuthorshipController } from '../history/authorship-controller';
import { HistoryController } from '../history/history-controller';
import { MemberMarksController } from '../people/member-marks-controller';
import { ChapterComments, type ChapterCommenting } from './chapter-comments';
import { ChapterSuggestions } from './chapter-suggestions';
import { renderChapterHeader } from './chapter-header';
import { renderAuthorshipLegend, renderHistoryButtons, renderHistoryPanel } from './chapter-history';
import { EditorPrompts } from './editor-prompts';
import { pasteReportText } from '../editor/paste-report';
import type { ReadOnlyNotice } from '../account/read-only-notice';
import { formatCount } from '../format/counts';
import { renderTrashedNotice } from './chapter-structure';
import { OutlineController } from '../outline/outline-controller';
import { PendingJump } from '../search/pending-jump';
import { ChapterFind } from './chapter-find';
import { ChapterFigures } from './chapter-figures';

function words(count: number): string {
  return formatCount(count, 'word');
}

/**
 * A chapter being written: toolbar, editor, who is here, and where the changes are. Gets the
 * chapter's session, the book's index and the member's role as properties; reports renames, new
 * chapters and word counts upward as events. A role that cannot write (reviewer, reader, or not
 * known yet) gets the text read-only, no toolbar, no chapter changes, and a badge saying so.
 */
export class ChapterView extends LitElement {
  static override properties = {
    bookId: { attribute: 'book-id' },
    chapterId: { attribute: 'chapter-id' },
    book: { attribute: false },
    session: { attribute: false },
    memberRole: { attribute: false },
    api: { attribute: false },
    people: { attribute: false },
    commenting: { attribute: false },
    jumpTo: { attribute: false },
    isReading: { type: Boolean, attribute: 'reading', reflect: true },
    toolbar: { state: true },
    wordCount: { state: true },
    isNavOpen: { state: true },
    pasteNotice: { state: true },
    notes: { state: true },
    notices: { attribute: false },
  };

  declare bookId: string;
  declare chapterId: string;
  declare book: BookInfo | null;
  declare session: CollabSession | null;
  /** The signed-in member's role in this book; null while not known (read-only). */
  declare memberRole: Role | null;
  /** The server's API, for the chapter's history; null leaves the history out. */
  declare api: ApiClient | null;
  /** Who is in which chapter now (book-level presence). */
  declare people: ChapterPeople | null;
  /** The chapter's comments session and what writing comments needs; null leaves comments out. */
  declare commenting: ChapterCommenting | null;
  /** A passage to scroll to once the chapter is open (a search result's block); null for none. */
  declare jumpTo: number | null;
  declare isReading: boolean;
  declare toolbar: ToolbarState | null;
  declare wordCount: number | null;
  /** On a phone the chapter list is a drawer: open or not. */
  declare isNavOpen: boolean;
  /** What the last paste left out, shown by the caret until dismissed. */
  declare pasteNotice: ReadOnlyNotice | null;
  /** The chapter's notes' texts, in order, as the editor last reported them. */
  declare notes: readonly string[];
  /** What read-only people were told; the app's, so it outlives this page (see ReadOnlyNotices). */
  declare notices: ReadOnlyNotices;

  /** Only what this view shows itself: the save state and the people have their own elements. */
  private readonly sessionState = new SessionController(
    this,
    () => this.session,
    ({ connection, isLoadedFromDevice, hasSyncedWithServer }) => ({
      connection,
      isLoadedFromDevice,
      hasSyncedWithServer,
    }),
  );
  private readonly timers = {
    setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
    clearTimeout: (handle: unknown) => clearTimeout(handle as number),
  };
  private readonly activity = new ActivityTracker({
    onChange: (activity) => this.publishPresence(activity),
    timers: this.timers,
  });
  /** Created with the first API given: controllers hold their dependencies from the start. */
  private history: HistoryController | null = null;
  private authorship: AuthorshipController | null = null;
  private members: MemberMarksController | null = null;
  private comments: ChapterComments | null = null;
  private returnReport: ReturnReportController | null = null;
  private readonly outline = new OutlineController(this, this.timers);
  private readonly jump = new PendingJump();
  private readonly findInChapter = new ChapterFind(this, () => this.editor);
  private readonly figures = new ChapterFigures(this, {
    api: () => this.api,
    bookId: () => this.bookId,
    editor: () => this.editor,
  });
  private readonly prompts = new EditorPrompts(this, () => this.editor);
  private readonly suggestions = new ChapterSuggestions(this);
  /** The side panel opened last: opening the other one closes it. */
  private side: 'history' | 'comments' | null = null;

  constructor() {
    super();
    this.bookId = '';
    this.chapterId = '';
    this.book = null;
    this.session = null;
    this.memberRole = null;
    this.api = null;
    this.people = null;
    this.commenting = null;
    this.jumpTo = null;
    this.isReading = false;
    this.toolbar = null;
    this.wordCount = null;
    this.isNavOpen = false;
    this.pasteNotice = null;
    this.notes = [];
    this.notices = new ReadOnlyNotices();
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.activity.start();
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.activity.stop();
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('session') || changed.has('chapterId')) {
      this.wordCount = null;
      this.toolbar = null;
      this.isNavOpen = false;
      this.notes = [];
      this.pasteNotice = null;
      this.prompts.close();
    }
    // Reading mode is a writer's choice; a member who can no longer write simply reads.
    if (changed.has('memberRole') && !capabilitiesOf(this.memberRole).canWrite) this.isReading = false;
    this.notices.follow(this.bookId, this.memberRole, this.isReading);
    // A notice placed at a caret belongs to the chapter it was in.
    if (changed.has('chapterId') && this.notices.notice?.place != null) this.notices.dismiss();
    if (changed.has('session') || changed.has('isReading')) this.publishPresence(this.activity.current);
    if (this.api !== null && this.history === null) {
      this.history = new HistoryController(this, { api: this.api });
      this.authorship = new AuthorshipController(this, { api: this.api, timers: this.timers });
      this.returnReport = new ReturnReportController(this, { api: this.api, nowMs: () => Date.now() });
      this.members = new MemberMarksController(this, {
        api: this.api,
        nowMs: () => Date.now(),
        ...this.timers,
      });
    }
    this.members?.follow(this.bookId === '' ? null : this.bookId);
    this.returnReport?.follow(this.bookId === '' ? null : this.bookId, this.session);
    this.outline.follow(this.session === null ? null : chapterFragment(this.session.ydoc));
    const chapter = this.chapterRef;
    this.authorship?.follow(chapter, this.session === null ? null : chapterFragment(this.session.ydoc));
    if ((changed.has('chapterId') || changed.has('bookId')) && this.history?.isOpen === true) {
      this.history.open(chapter);
    }
    if (this.commenting !== null) {
      this.comments ??= new ChapterComments(this, this.commenting.services, () => this.editor);
      this.comments.follow({ ...this.commenting, chapter, role: this.memberRole });
      if (this.api !== null) this.followSuggestions(this.api, this.commenting, this.comments);
    }
    this.keepOneSidePanel();
  }

  private followSuggestions(api: ApiClient, commenting: ChapterCommenting, comments: ChapterComments): void {
    this.suggestions.follow({
      api,
      chapter: this.chapterRef,
      session: commenting.session,
      userId: commenting.user?.id ?? null,
      role: this.memberRole,
      openRound: comments.data.openRound,
      origin: location.origin,
      threads: comments.data.snapshot.threads,
      rounds: comments.data.snapshot.rounds,
      marks: this.members?.marks ?? null,
      newId: commenting.services.newId,
      comments: comments.data.snapshot.comments,
      outbox: commenting.services.outbox,
      reply: (suggestionId, body) => comments.data.reply(suggestionId, body),
    });
  }

  /** History and comments share the column beside the text: the one opened last stays. */
  private keepOneSidePanel(): void {
    if (this.history?.isOpen === true && this.comments?.isOpen === true) {
      if (this.side === 'history') this.history.close();
      else this.comments.close();
    }
    this.side =
      this.history?.isOpen === true ? 'history' : this.comments?.isOpen === true ? 'comments' : null;
  }

  protected override render() {
    const session = this.session;
    const trashed = this.book?.trash.find((entry) => entry.id === this.chapterId) ?? null;
    const chapter = this.book?.chapters.find((entry) => entry.id === this.chapterId) ?? trashed;
    const chapterWords = this.wordCount ?? chapter?.wordCount ?? 0;
    const bookWords = (this.book?.wordCount ?? 0) - (chapter?.wordCount ?? 0) + chapterWords;
    const isReady = this.isLoaded;
    const { canWrite } = capabilitiesOf(this.memberRole);
    const isEditing = canWrite && !this.isReading;
    return html`<div
      class="chapter-view"
      @keydown=${(event: KeyboardEvent) => {
        this.onInput();
        this.findInChapter.onKeyDown(event);
      }}
      @pointerdown=${this.onInput}
    >
      ${renderChapterHeader({
        bookId: this.bookId,
        bookTitle: this.book?.title ?? 'Book',
        chapterTitle: chapter?.title ?? '',
        memberRole: this.memberRole,
        isReading: this.isReading,
        isNavOpen: this.isNavOpen,
        session,
        marks: this.members?.marks ?? null,
        sideButtons: html`${this.suggestions.renderToggle()}
          <button type="button" class="button" @click=${() => this.findInChapter.open()}>Find</button>
          ${this.figures.render(isEditing)} ${this.comments?.renderButtons()}
          ${renderHistoryButtons(this.history, this.authorship, this.chapterRef)}`,
        onRename: this.onRename,
        onToggleNav: () => (this.isNavOpen = !this.isNavOpen),
        onToggleReading: this.toggleReading,
        onPeopleUnknown: this.onPeopleUnknown,
        onPeerSelect: this.onPeerSelect,
      })}
      <div class="chapter-view__body ${this.side === null ? '' : 'chapter-view__body--side'}">
        <aside
          id="chapter-nav"
          class="chapter-view__nav ${this.isNavOpen ? 'chapter-view__nav--open' : ''}"
          aria-label="Chapters"
          @keydown=${(event: KeyboardEvent) => {
            if (event.key === 'Escape') this.isNavOpen = false;
          }}
        >
          <book-search .bookId=${this.bookId} .api=${this.api}></book-search>
          <chapter-list
            .bookId=${this.bookId}
            .book=${this.book}
            .currentChapterId=${this.chapterId}
            .people=${this.people}
            .canCreate=${isEditing}
            .canRestructure=${isEditing}
          ></chapter-list>
          <chapter-outline
            .items=${this.outline.items}
            @outline-jump=${(event: CustomEvent<{ blockIndex: number }>) =>
              this.editor?.scrollToBlock(event.detail.blockIndex)}
          ></chapter-outline>
        </aside>
        <main class="chapter-view__main">
          ${this.comments?.renderBanner()} ${this.suggestions.renderPublicLink()}
          ${renderTrashedNotice(trashed !== null, canWrite, this.chapterId)}
          <return-report
            .report=${this.returnReport?.report ?? null}
            .chapterTitles=${new Map(this.book?.chapters.map((entry) => [entry.id, entry.title]) ?? [])}
            @return-report-dismiss=${() => this.returnReport?.dismiss()}
          ></return-report>
          ${
            !isEditing
              ? null
              : html`<editor-toolbar
                  .state=${this.toolbar}
                  @toolbar-action=${this.onToolbarAction}
                ></editor-toolbar>`
          }
          ${this.findInChapter.render(isEditing)} ${renderAuthorshipLegend(this.authorship)}
          <div class="chapter-view__text">
            <edit-notice
              .notice=${this.notices.notice ?? this.pasteNotice}
              @notice-dismiss=${this.onNoticeDismiss}
            ></edit-notice>
            ${this.prompts.render()}
            <book-editor
              class="chapter-view__editor"
              .fragment=${session === null ? null : chapterFragment(session.ydoc)}
              .awareness=${session?.awareness ?? null}
              ?read-only=${!isEditing || !isReady}
              .authorship=${this.authorship?.paint ?? null}
              .comments=${this.comments?.highlights ?? null}
              .marks=${this.members?.marks ?? null}
              ?suggesting=${this.suggestions.isSuggesting && isReady}
              .suggestions=${this.suggestions.editorMarks}
              @suggestion-create=${this.suggestions.onCreate}
              @comment-layout-change=${this.comments?.onLayout}
              @comment-highlight-click=${this.comments?.onHighlightClick}
              @editor-change=${this.onEditorChange}
              @find-change=${this.findInChapter.onFindChange}
              .uploadImage=${this.figures.upload}
              @editor-request=${this.onEditorRequest}
              @word-count-change=${this.onWordCount}
              @notes-change=${(event: CustomEvent<{ notes: readonly string[] }>) => {
                this.notes = event.detail.notes;
              }}
              @edit-refused=${this.onEditRefused}
              @note-open=${(event: CustomEvent<NoteOpenDetail>) =>
                this.prompts.openNote(event.detail, this.canEditNow)}
              @paste-report=${(event: CustomEvent<PasteReportDetail>) => {
                this.pasteNotice = { text: pasteReportText(event.detail.unkept), place: event.detail.caret };
              }}
            ></book-editor>
          </div>
          ${this.suggestions.renderPanel()}
          <chapter-notes
            .notes=${this.notes}
            ?can-edit=${this.canEditNow}
            @note-edit=${(event: CustomEvent<{ index: number; text: string }>) =>
              this.editor?.updateNthNote(event.detail.index, event.detail.text)}
          ></chapter-notes>
          <footer class="chapter-view__counts">
            <span data-testid="chapter-word-count">Chapter: ${words(chapterWords)}</span>
            <span data-testid="book-word-count">Book: ${words(bookWords)}</span>
          </footer>
          <chapter-pager
            .bookId=${this.bookId}
            .chapterId=${this.chapterId}
            .book=${this.book}
          ></chapter-pager>
        </main>
        ${renderHistoryPanel(this.history, canWrite, this.chapterRef)} ${this.comments?.renderPanel()}
      </div>
    </div>`;
  }

  protected override updated(): void {
    this.jump.follow(this.jumpTo === null ? null : `${this.chapterId}@${this.jumpTo}`, () =>
      this.isLoaded && this.jumpTo !== null ? (this.editor?.scrollToBlock(this.jumpTo) ?? false) : false,
    );
  }

  /**
   * Editing (and reporting word counts) waits for the device copy and, when reachable, the
   * server's: typing into a chapter that is still loading would race the text about to arrive.
   */
  private get isLoaded(): boolean {
    const state = this.sessionState.state;
    return (
      state !== null &&
      state.isLoadedFromDevice &&
      (state.hasSyncedWithServer || state.connection === 'offline' || state.connection === 'refused')
    );
  }

  private get chapterRef(): ChapterRef {
    return { bookId: this.bookId, chapterId: this.chapterId };
  }

  private get editor(): BookEditor | null {
    return this.querySelector('book-editor');
  }

  private publishPresence(activity: PresenceActivity): void {
    this.session?.setPresence({ isReading: this.isReading, activity });
  }

  private readonly onVisibility = () => this.activity.noteHidden(document.visibilityState === 'hidden');

  private readonly onInput = () => this.activity.noteInput();

  private readonly onEditorChange = (event: CustomEvent<EditorChangeDetail>) => {
    // A new object per transaction; the toolbar (and this view) render only when a button changes.
    const { toolbar } = event.detail;
    if (this.toolbar === null || !isSameToolbarState(this.toolbar, toolbar)) this.toolbar = toolbar;
    if (event.detail.isLocalEdit) this.activity.noteEdit();
  };

  private readonly onEditRefused = (event: CustomEvent<EditRefusedDetail>) => {
    if (this.notices.noteRefused(this.memberRole, this.isReading, event.detail.caret)) this.requestUpdate();
  };

  private readonly onNoticeDismiss = () => {
    this.pasteNotice = null;
    if (this.notices.dismiss()) this.requestUpdate();
    // The notice was about the text: the keyboard goes back there (its button is gone).
    this.editor?.focus();
  };

  private readonly onWordCount = (event: CustomEvent<{ wordCount: number }>) => {
    this.wordCount = event.detail.wordCount;
    // A count of a half-loaded chapter would overwrite the right one in everyone's index; a
    // read-only member does not write the index at all.
    if (!this.isLoaded || !capabilitiesOf(this.memberRole).canWrite) return;
    const detail = { chapterId: this.chapterId, wordCount: event.detail.wordCount };
    this.dispatchEvent(new CustomEvent('chapter-word-count', { detail, bubbles: true }));
  };

  private readonly onRename = (event: CustomEvent<{ title: string }>) => {
    const detail = { chapterId: this.chapterId, title: event.detail.title };
    this.dispatchEvent(new CustomEvent('chapter-rename', { detail, bubbles: true }));
  };

  private readonly onPeopleUnknown = (event: CustomEvent<{ userIds: string[] }>) => {
    this.members?.follow(this.bookId, event.detail.userIds);
  };

  private readonly onPeerSelect = (event: CustomEvent<{ clientId: number }>) => {
    this.editor?.scrollToClient(event.detail.clientId);
  };

  private readonly toggleReading = () => {
    this.isReading = !this.isReading;
  };

  private get canEditNow(): boolean {
    return capabilitiesOf(this.memberRole).canWrite && !this.isReading && this.isLoaded;
  }

  private readonly onToolbarAction = (event: CustomEvent<{ action: ToolbarAction }>) =>
    this.prompts.run(this.toolbar, event.detail.action, this.canEditNow);

  private readonly onEditorRequest = (event: CustomEvent<EditorRequestDetail>) => {
    if (event.detail.action === 'comment') this.comments?.startComment();
    else this.prompts.run(this.toolbar, event.detail.action, this.canEditNow);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'chapter-view': ChapterView;
  }
  interface HTMLElementEventMap {
    'chapter-word-count': CustomEvent<{ chapterId: string; wordCount: number }>;
    'chapter-rename': CustomEvent<{ chapterId: string; title: string }>;
  }
}
