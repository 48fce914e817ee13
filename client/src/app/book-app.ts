import { CloseCode } from '@wethink/shared';
import { LitElement, html } from 'lit';
import {
  lightColor,
  loadAuthorIdentity,
  pickColor,
  saveAuthorIdentity,
  type AuthorIdentity,
  type KeyValueStorage,
} from '../author/author-identity';
import { BookIndex } from '../book/book-index';
import { BookIndexController } from '../book/book-index-controller';
import { seedChapter } from '../book/chapter-content';
import { createId } from '../book/ids';
import { WordCountRecorder } from '../book/word-count-recorder';
import type { CollabSession } from '../collab/collab-session';
import { PresenceActivity, PresenceRole, type AwarenessUser, type PresenceInfo } from '../collab/presence';
import { SessionController } from '../collab/session-controller';
import type { SessionState } from '../collab/session-state';
import { lookUpChapter, type ChapterLookup } from './chapter-lookup';
import { loadRecentBooks, rememberBook } from './recent-books';
import { bookDocName, bookPath, chapterDocName, chapterPath } from './route';
import { RouterController } from './router-controller';
import { SessionPool } from './session-pool';

/** Everything the app needs from the outside world, wired once in `main.ts`. */
export interface AppServices {
  storage: KeyValueStorage;
  openSession: (docName: string, user: AwarenessUser, presence: PresenceInfo) => CollabSession;
  fillRandom: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;
  random: () => number;
  nowMs: () => number;
  win: Window;
}

/**
 * The app shell: routes by URL, asks for the author's name once, and opens and closes the
 * sessions (book index, chapter) the current page needs.
 */
export class BookApp extends LitElement {
  static override properties = { identity: { state: true } };

  declare identity: AuthorIdentity | null;
  services!: AppServices;

  private pool: SessionPool | null = null;
  private indexSession: CollabSession | null = null;
  private chapterSession: CollabSession | null = null;
  private chapterLookup: ChapterLookup = 'waiting';
  private promptColor = '';
  private router!: RouterController;
  private readonly index = new BookIndexController(this, () => this.indexSession?.ydoc ?? null);
  private readonly indexState = new SessionController(this, () => this.indexSession);
  private readonly chapterState = new SessionController(this, () => this.chapterSession);
  private readonly wordCounts = new WordCountRecorder({
    write: (chapterId, wordCount) => this.writeWordCount(chapterId, wordCount),
    delayMs: 1500,
  });

  constructor() {
    super();
    this.identity = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    this.router ??= new RouterController(this, this.services.win);
    this.identity = loadAuthorIdentity(this.services.storage);
    this.promptColor ||= pickColor(this.services.random);
    super.connectedCallback();
    this.services.win.addEventListener('beforeunload', this.onBeforeUnload);
    this.services.win.addEventListener('pagehide', this.onPageHide);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.services.win.removeEventListener('beforeunload', this.onBeforeUnload);
    this.services.win.removeEventListener('pagehide', this.onPageHide);
    this.wordCounts.flush();
    this.pool?.destroyAll();
    this.pool = null;
  }

  protected override willUpdate(): void {
    this.openSessionsForRoute();
  }

  protected override render() {
    if (this.identity === null) {
      return html`<name-prompt
        .color=${this.promptColor}
        @author-identity-submit=${this.onIdentity}
      ></name-prompt>`;
    }
    const route = this.router.route;
    switch (route.kind) {
      case 'home':
        return html`<home-view
          .recentBooks=${loadRecentBooks(this.services.storage)}
          @book-create=${this.onCreateBook}
        ></home-view>`;
      case 'unknown':
        return html`<not-found-page
          heading="Page not found"
          message="There is no page at ${route.path}."
        ></not-found-page>`;
      case 'book':
        return this.renderBook(route.bookId);
      case 'chapter':
        return this.renderChapter(route.bookId, route.chapterId);
    }
  }

  private renderBook(bookId: string) {
    const book = this.index.info;
    const state = this.indexState.state;
    if (book === null || state === null) return null;
    if (
      !book.isCreated &&
      (state.connection === 'refused' || (state.hasSyncedWithServer && state.isLoadedFromDevice))
    ) {
      return this.renderBookMissing();
    }
    if (!book.isCreated) return this.renderWaiting(state, 'book');
    return html`<book-view
      .bookId=${bookId}
      .book=${book}
      .indexState=${state}
      @book-rename=${(event: CustomEvent<{ title: string }>) => this.index.bookIndex?.renameBook(event.detail.title)}
      @chapter-create=${() => this.createChapter(bookId)}
    ></book-view>`;
  }

  private renderChapter(bookId: string, chapterId: string) {
    const state = this.indexState.state;
    if (this.chapterLookup === 'book-missing') return this.renderBookMissing();
    const isRefusedAsMissing = this.chapterState.state?.refusal?.code === CloseCode.documentNotFound;
    if (this.chapterLookup === 'missing' || isRefusedAsMissing) {
      return html`<not-found-page
        heading="Chapter not found"
        message="This book has no such chapter. It may have been a mistyped link."
        back-href=${bookPath(bookId)}
        back-label="See the book's chapters"
      ></not-found-page>`;
    }
    if (this.chapterLookup === 'waiting' || state === null) return this.renderWaiting(state, 'chapter');
    return html`<chapter-view
      .bookId=${bookId}
      .chapterId=${chapterId}
      .book=${this.index.info}
      .session=${this.chapterSession}
      @chapter-create=${() => this.createChapter(bookId)}
      @chapter-rename=${(event: CustomEvent<{ chapterId: string; title: string }>) =>
        this.index.bookIndex?.renameChapter(event.detail.chapterId, event.detail.title)}
      @chapter-word-count=${(event: CustomEvent<{ chapterId: string; wordCount: number }>) =>
        this.wordCounts.record(event.detail.chapterId, event.detail.wordCount)}
    ></chapter-view>`;
  }

  private renderBookMissing() {
    return html`<not-found-page
      heading="Book not found"
      message="There is no book at this address. Check the link you were given."
    ></not-found-page>`;
  }

  private renderWaiting(state: SessionState | null, what: 'book' | 'chapter') {
    const isOffline = state?.connection === 'offline';
    return html`<main class="page page--waiting" aria-busy="true">
      <p>
        ${
          isOffline
            ? `You are offline and this ${what} is not on this device yet. It will open when the server is reachable.`
            : `Opening the ${what}…`
        }
      </p>
      ${
        state === null
          ? null
          : html`<save-indicator connection=${state.connection} stage=${state.save.stage}></save-indicator>`
      }
    </main>`;
  }

  /** Opens what the route needs and lets the pool close the rest once it is saved. */
  private openSessionsForRoute(): void {
    const route = this.router.route;
    const identity = this.identity;
    if (identity === null || (route.kind !== 'book' && route.kind !== 'chapter')) {
      this.indexSession = null;
      this.chapterSession = null;
      this.pool?.retain(new Set());
      return;
    }
    const pool = this.sessions;
    const needed = new Set([bookDocName(route.bookId)]);
    this.indexSession = pool.acquire(bookDocName(route.bookId));
    const book = new BookIndex(this.indexSession.ydoc).read();
    if (book.isCreated) rememberBook(this.services.storage, { id: route.bookId, title: book.title });
    this.chapterLookup =
      route.kind === 'chapter' ? lookUpChapter(book, this.indexSession.state, route.chapterId) : 'waiting';
    this.chapterSession = null;
    if (route.kind === 'chapter' && this.chapterLookup === 'found') {
      const docName = chapterDocName(route.bookId, route.chapterId);
      needed.add(docName);
      this.chapterSession = pool.acquire(docName);
    }
    pool.retain(needed);
  }

  /** The pool, opened on first use; sessions carry the author's name, so only after it is known. */
  private get sessions(): SessionPool {
    const identity = this.identity;
    if (identity === null) throw new Error('sessions need the author identity first');
    this.pool ??= new SessionPool((docName) => this.openSession(docName, identity));
    return this.pool;
  }

  private openSession(docName: string, identity: AuthorIdentity): CollabSession {
    const user: AwarenessUser = {
      name: identity.name,
      color: identity.color,
      colorLight: lightColor(identity.color),
    };
    const presence: PresenceInfo = { role: PresenceRole.author, activity: PresenceActivity.active };
    return this.services.openSession(docName, user, presence);
  }

  private createChapter(bookId: string): void {
    const bookIndex = this.index.bookIndex;
    if (bookIndex === null) return;
    const chapterId = createId(this.services.fillRandom);
    this.seedNewChapter(bookId, chapterId);
    bookIndex.addChapter({ id: chapterId, title: `Chapter ${bookIndex.read().chapters.length + 1}` });
    this.router.navigate(chapterPath(bookId, chapterId));
  }

  /** Opens the new chapter's document and writes its first paragraph before anyone can see it. */
  private seedNewChapter(bookId: string, chapterId: string): void {
    seedChapter(this.sessions.acquire(chapterDocName(bookId, chapterId)).ydoc);
  }

  private writeWordCount(chapterId: string, wordCount: number): void {
    const bookIndex = this.index.bookIndex;
    if (bookIndex?.findChapter(chapterId) != null) bookIndex.setWordCount(chapterId, wordCount);
  }

  private readonly onCreateBook = (event: CustomEvent<{ title: string }>) => {
    if (this.identity === null) return;
    const bookId = createId(this.services.fillRandom);
    const chapterId = createId(this.services.fillRandom);
    this.seedNewChapter(bookId, chapterId);
    const session = this.sessions.acquire(bookDocName(bookId));
    new BookIndex(session.ydoc).create({
      title: event.detail.title,
      nowMs: this.services.nowMs(),
      firstChapter: { id: chapterId, title: 'Chapter 1' },
    });
    this.router.navigate(chapterPath(bookId, chapterId));
  };

  private readonly onIdentity = (event: CustomEvent<AuthorIdentity>) => {
    this.identity = saveAuthorIdentity(this.services.storage, event.detail);
  };

  private readonly onBeforeUnload = (event: BeforeUnloadEvent) => {
    this.wordCounts.flush();
    if (this.pool?.hasUnsavedChanges !== true) return;
    // Edits on this device survive, but the author should know the server does not have them yet.
    event.preventDefault();
    event.returnValue = '';
  };

  private readonly onPageHide = () => {
    this.pool?.announceLeave();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'book-app': BookApp;
  }
}
