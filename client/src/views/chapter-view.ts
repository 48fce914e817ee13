import type { Role } from '@wethink/shared/client';
import { LitElement, html } from 'lit';
import { capabilitiesOf } from '../account/capabilities';
import { ReadOnlyNotices } from '../account/read-only-notice';
import type { ApiClient, ChapterRef } from '../api/api-client';
import type { BookInfo } from '../book/book-index';
import type { ChapterPeople } from '../components/chapter-list';
import { ActivityTracker } from '../collab/activity-tracker';
import { browserClock } from '../collab/deadline';
import type { CollabSession } from '../collab/collab-session';
import type { PresenceActivity } from '../collab/presence';
import { SessionController } from '../collab/session-controller';
import type { BookEditor } from '../editor/book-editor';
import type { EditRefusedDetail, EditorRequestDetail } from '../editor/editor-events';
import type { ToolbarAction } from '../editor/editor-commands';
import type { ChapterCommenting } from './chapter-comments';
import { ChapterEditorReports } from './chapter-editor-reports';
import { ChapterFeatures } from './chapter-features';
import { renderChapterSidebar } from './chapter-sidebar';
import { renderChapterText } from './chapter-text';
import { renderChapterHeader } from './chapter-header';
import { renderAuthorshipLegend, renderHistoryButtons, renderHistoryPanel } from './chapter-history';
import { EditorPrompts } from './editor-prompts';
import { formatCount } from '../format/counts';
import { renderTrashedNotice } from './chapter-structure';
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
    isNavOpen: { state: true },
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
  /** On a phone the chapter list is a drawer: open or not. */
  declare isNavOpen: boolean;
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
  private readonly activity = new ActivityTracker({
    onChange: (activity) => this.publishPresence(activity),
    clock: browserClock,
  });
  private readonly features = new ChapterFeatures(this, {
    shown: () => this,
    editor: () => this.editor,
    timers: browserClock,
    publishPresence: () => this.publishPresence(this.activity.current),
  });
  private readonly jump = new PendingJump();
  private readonly findInChapter = new ChapterFind(this, () => this.editor);
  private readonly figures = new ChapterFigures(this, {
    api: () => this.api,
    bookId: () => this.bookId,
    editor: () => this.editor,
  });
  private readonly prompts = new EditorPrompts(this, () => this.editor);
  private readonly reports = new ChapterEditorReports(this, {
    chapterId: () => this.chapterId,
    noteEdit: () => this.activity.noteEdit(),
    canWriteCount: () => this.isLoaded && capabilitiesOf(this.memberRole).canWrite,
  });

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
    this.isNavOpen = false;
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
      this.reports.reset();
      this.isNavOpen = false;
      this.prompts.close();
    }
    // Reading mode is a writer's choice; a member who can no longer write simply reads.
    if (changed.has('memberRole') && !capabilitiesOf(this.memberRole).canWrite) this.isReading = false;
  }

  protected override render() {
    const { history, authorship, members, comments, returnReport, outline, suggestions, side } =
      this.features;
    const session = this.session;
    const trashed = this.book?.trash.find((entry) => entry.id === this.chapterId) ?? null;
    const chapter = this.book?.chapters.find((entry) => entry.id === this.chapterId) ?? trashed;
    const chapterWords = this.reports.wordCount ?? chapter?.wordCount ?? 0;
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
        marks: members.marks,
        sideButtons: html`${suggestions.renderToggle()}
          <button type="button" class="button" @click=${() => this.findInChapter.open()}>Find</button>
          ${this.figures.render(isEditing)} ${comments.renderButtons()}
          ${renderHistoryButtons(history, authorship, this.chapterRef)}`,
        onRename: this.onRename,
        onToggleNav: () => (this.isNavOpen = !this.isNavOpen),
        onToggleReading: this.toggleReading,
        onPeopleUnknown: this.onPeopleUnknown,
        onPeerSelect: this.onPeerSelect,
      })}
      <div class="chapter-view__body ${side === null ? '' : 'chapter-view__body--side'}">
        ${renderChapterSidebar({
          bookId: this.bookId,
          chapterId: this.chapterId,
          book: this.book,
          api: this.api,
          people: this.people,
          outline: outline.items,
          isEditing,
          isOpen: this.isNavOpen,
          onClose: () => (this.isNavOpen = false),
          onOutlineJump: (blockIndex) => this.editor?.scrollToBlock(blockIndex),
        })}
        <main class="chapter-view__main">
          ${comments.renderBanner()} ${suggestions.renderPublicLink()}
          ${renderTrashedNotice(trashed !== null, canWrite, this.chapterId)}
          <return-report
            .report=${returnReport.report}
            .chapterTitles=${new Map(this.book?.chapters.map((entry) => [entry.id, entry.title]) ?? [])}
            @return-report-dismiss=${() => returnReport.dismiss()}
          ></return-report>
          ${
            !isEditing
              ? null
              : html`<editor-toolbar
                  .state=${this.reports.toolbar}
                  @toolbar-action=${this.onToolbarAction}
                ></editor-toolbar>`
          }
          ${this.findInChapter.render(isEditing)} ${renderAuthorshipLegend(authorship)}
          ${renderChapterText({
            session,
            isReadOnly: !isEditing || !isReady,
            isSuggesting: suggestions.isSuggesting && isReady,
            features: this.features,
            reports: this.reports,
            notice: this.notices.notice ?? this.reports.pasteNotice,
            prompts: this.prompts.render(),
            uploadImage: this.figures.upload,
            onNoticeDismiss: this.onNoticeDismiss,
            onFindChange: this.findInChapter.onFindChange,
            onEditorRequest: this.onEditorRequest,
            onEditRefused: this.onEditRefused,
            onNoteOpen: (detail) => this.prompts.openNote(detail, this.canEditNow),
          })}
          ${suggestions.renderPanel()}
          <chapter-notes
            .notes=${this.reports.notes}
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
        ${renderHistoryPanel(history, canWrite, this.chapterRef)} ${comments.renderPanel()}
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

  private readonly onEditRefused = (event: CustomEvent<EditRefusedDetail>) => {
    if (this.notices.noteRefused(this.memberRole, this.isReading, event.detail.caret)) this.requestUpdate();
  };

  private readonly onNoticeDismiss = () => {
    this.reports.dismissPaste();
    if (this.notices.dismiss()) this.requestUpdate();
    // The notice was about the text: the keyboard goes back there (its button is gone).
    this.editor?.focus();
  };

  private readonly onRename = (event: CustomEvent<{ title: string }>) => {
    const detail = { chapterId: this.chapterId, title: event.detail.title };
    this.dispatchEvent(new CustomEvent('chapter-rename', { detail, bubbles: true }));
  };

  private readonly onPeopleUnknown = (event: CustomEvent<{ userIds: string[] }>) => {
    this.features.members.follow(this.bookId, event.detail.userIds);
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
    this.prompts.run(this.reports.toolbar, event.detail.action, this.canEditNow);

  private readonly onEditorRequest = (event: CustomEvent<EditorRequestDetail>) => {
    if (event.detail.action === 'comment') this.features.comments.startComment();
    else this.prompts.run(this.reports.toolbar, event.detail.action, this.canEditNow);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'chapter-view': ChapterView;
  }
  interface HTMLElementEventMap {
    'chapter-rename': CustomEvent<{ chapterId: string; title: string }>;
  }
}
