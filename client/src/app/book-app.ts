import { CloseCode, NoticeKind } from '@wethink/shared/client';
import { LitElement, html } from 'lit';
import { AccountCache, type KeyValueStorage } from '../account/account-cache';
import { AccountController } from '../account/account-controller';
import { AccountSettingsController } from '../account/account-settings-controller';
import { BookListController } from '../account/book-list-controller';
import { capabilitiesOf } from '../account/capabilities';
import { ReadOnlyNotices } from '../account/read-only-notice';
import type { ApiClient } from '../api/api-client';
import { UNTITLED_BOOK } from '../book/book-index';
import type { CollabSession, SessionOptions } from '../collab/collab-session';
import { InviteController } from '../members/invite-controller';
import { renderAppBar } from './app-bar';
import { AppCommentsController } from './app-comments-controller';
import { CreditsController } from '../history/credits-controller';
import { MembersController } from '../members/members-controller';
import type { SignInDetail, SignUpDetail } from '../views/auth-view';
import { BookAccessController } from './book-access-controller';
import { BookTitleSync } from './book-title-sync';
import {
  renderBookMissing,
  renderEmptyBook,
  renderLoading,
  renderMembersPage,
  renderNoAccess,
  renderWaiting,
} from './book-app-pages';
import { BookSessionsController } from './book-sessions-controller';
import { BookStructureController } from '../book/book-structure-controller';
import { BookPresenceController } from '../people/book-presence';
import { bookPath, chapterPath, isPublicRoute, signInPath, type Route } from './route';
import { RouterController } from './router-controller';

/** Everything the app needs from the outside world, wired once in `main.ts`. */
export interface AppServices {
  storage: KeyValueStorage;
  api: ApiClient;
  openSession: (docName: string, options: SessionOptions) => CollabSession;
  fillRandom: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;
  nowMs: () => number;
  win: Window;
  /** Defines the chapter page's elements (a chunk of its own), once; called when a chapter opens. */
  loadChapterPage: () => Promise<void>;
}

/** While a book's socket keeps failing, ask the API at most this often why. */
const ACCESS_RECHECK_INTERVAL_MS = 5000;

/**
 * The app shell: routes by URL, sends signed-out visitors to sign in (and back), checks the
 * member's role in the book on screen, and has the sessions controller open what the page shows,
 * read-only for roles that cannot write.
 */
export class BookApp extends LitElement {
  services!: AppServices;

  private cache!: AccountCache;
  private account!: AccountController;
  private settings!: AccountSettingsController;
  private access!: BookAccessController;
  private titleSync!: BookTitleSync;
  private books!: BookSessionsController;
  private bookList!: BookListController;
  private members!: MembersController;
  private credits!: CreditsController;
  private invite!: InviteController;
  private comments!: AppCommentsController;
  private structure!: BookStructureController;
  private bookPresence!: BookPresenceController;
  private router!: RouterController;
  private routeKey = '';
  private readonly readOnlyNotices = new ReadOnlyNotices();

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    if (this.router === undefined) this.createControllers();
    super.connectedCallback();
    this.services.win.addEventListener('beforeunload', this.onBeforeUnload);
    this.services.win.addEventListener('pagehide', this.onPageHide);
    this.services.win.addEventListener('visibilitychange', this.onVisibilityChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.services.win.removeEventListener('beforeunload', this.onBeforeUnload);
    this.services.win.removeEventListener('pagehide', this.onPageHide);
    this.services.win.removeEventListener('visibilitychange', this.onVisibilityChange);
  }

  private createControllers(): void {
    const { api, nowMs, win, storage, fillRandom, openSession } = this.services;
    const onSignedOut = () => this.account.markSignedOut();
    this.cache = new AccountCache(storage);
    this.router = new RouterController(this, win);
    this.account = new AccountController(this, { api, cache: this.cache });
    this.settings = new AccountSettingsController(this, {
      api,
      onUser: (user) => this.account.replaceUser(user),
      onSignedOut: () => {
        this.books.closeAll();
        onSignedOut();
      },
    });
    this.titleSync = new BookTitleSync({ api });
    this.access = new BookAccessController(this, {
      api,
      cache: this.cache,
      nowMs,
      recheckIntervalMs: ACCESS_RECHECK_INTERVAL_MS,
      onSignedOut,
    });
    this.books = new BookSessionsController(this, {
      openSession,
      access: this.access,
      cache: this.cache,
      getUser: () => this.account.user,
      fillRandom,
      nowMs,
      onNotice: (bookId, kind) => {
        if (kind === NoticeKind.notifications) this.comments.notificationsChanged();
        else {
          this.members.membersChanged(bookId);
          this.comments.membersChanged();
        }
      },
    });
    this.bookList = new BookListController(this, { api, onSignedOut });
    this.members = new MembersController(this, { api, onSignedOut });
    this.invite = new InviteController(this, { api });
    this.credits = new CreditsController(this, { api });
    this.comments = new AppCommentsController(this, {
      api,
      storage,
      win,
      nowMs,
      fillRandom,
      getUser: () => this.account.user,
      navigate: (path) => this.router.navigate(path),
      hasLiveNotices: () => this.books.hasLiveNotices,
    });
    this.bookPresence = new BookPresenceController(this);
    this.structure = new BookStructureController(this, {
      api,
      writableIndex: () => this.books.writableIndex(),
      bookId: () => ('bookId' in this.router.route ? this.router.route.bookId : null),
      userId: () => this.account.user?.id ?? null,
      nowMs,
      fillRandom,
    });
  }

  protected override willUpdate(): void {
    if (this.account.state.status === 'signed-out' && !isPublicRoute(this.router.route)) {
      this.books.closeAll();
      this.router.navigate(signInPath(this.router.currentPath), { replace: true });
      return;
    }
    this.enterRoute(this.router.route);
    this.books.follow(this.router.route);
    const route = this.router.route;
    this.bookPresence.follow(
      this.books.indexSession?.awareness ?? null,
      route.kind === 'chapter' ? route.chapterId : null,
    );
    const info = this.books.index.info;
    if (route.kind === 'book' || route.kind === 'chapter') {
      this.titleSync.check(route.bookId, info?.isCreated ? info.title : undefined, this.access.access);
    }
  }

  protected override render() {
    const route = this.router.route;
    const page = this.renderPage();
    const sheet = html`<shortcuts-sheet></shortcuts-sheet>`;
    if (isPublicRoute(route)) return html`${page}${sheet}`;
    const bar = renderAppBar({
      user: this.account.user,
      bell: this.comments.renderBell(),
      onSignOut: () => void this.onSignOut(),
      onShortcuts: () => this.querySelector('shortcuts-sheet')?.open(),
    });
    return html`${bar}${page}${sheet}`;
  }

  private renderPage() {
    const route = this.router.route;
    const account = this.account.state;
    if (!isPublicRoute(route) && account.status !== 'signed-in') {
      return account.status === 'unreachable'
        ? html`<not-found-page
            heading="Cannot reach the server"
            message="You are offline and have not signed in on this device yet. Try again when you are online."
          ></not-found-page>`
        : renderLoading('Opening wethink…');
    }
    switch (route.kind) {
      case 'sign-in':
      case 'sign-up':
        return html`<auth-view
          mode=${route.kind}
          next=${route.next}
          .form=${this.account.form}
          @sign-in-submit=${this.onSignIn}
          @sign-up-submit=${this.onSignUp}
        ></auth-view>`;
      case 'home':
        return html`<home-view
          .user=${this.account.user}
          .bookList=${this.bookList.state}
          @book-create=${this.onCreateBook}
        ></home-view>`;
      case 'account':
        return html`<account-view
          .user=${this.account.user}
          .settings=${this.settings.state}
          @profile-save=${(event: CustomEvent<{ name?: string; color?: string }>) =>
            void this.settings.saveProfile(event.detail)}
          @password-change=${(event: CustomEvent<{ currentPassword: string; newPassword: string }>) =>
            void this.settings.changePassword(event.detail)}
          @sign-out=${this.onSignOut}
          @sign-out-everywhere=${() => void this.settings.signOutEverywhere()}
        ></account-view>`;
      case 'members':
        return renderMembersPage(
          this.members,
          this.account.user?.id ?? '',
          this.services.win.location.origin,
        );
      case 'invite':
        // Join, or sign up first: wait until we know which.
        if (account.status === 'loading') return renderLoading('Opening the invite…');
        return html`<invite-view
          .state=${this.invite.state}
          ?signed-in=${account.status === 'signed-in'}
          @invite-accept=${this.onAcceptInvite}
        ></invite-view>`;
      case 'unknown':
        return html`<not-found-page
          heading="Page not found"
          message="There is no page at ${route.path}."
        ></not-found-page>`;
      case 'public':
        return html`<public-chapter-view
          book-id=${route.bookId}
          chapter-id=${route.chapterId}
          code=${route.code}
          .api=${this.services.api}
          .openSession=${this.services.openSession}
          ?signed-in=${account.status === 'signed-in'}
          @public-joined=${(event: CustomEvent<{ path: string }>) => this.router.navigate(event.detail.path)}
        ></public-chapter-view>`;
      case 'book':
      case 'chapter':
      case 'credits':
      case 'contents':
        return this.renderBookRoute(route);
    }
  }

  private renderBookRoute(route: Extract<Route, { kind: 'book' | 'chapter' | 'credits' | 'contents' }>) {
    switch (this.access.access.status) {
      case 'checking':
      case 'signed-out':
        return renderLoading('Opening the book…');
      case 'not-found':
        return renderBookMissing();
      case 'no-access':
        return renderNoAccess(this.books.hasUnsavedChanges);
      case 'member':
      case 'unknown':
        if (route.kind === 'credits') return this.renderCredits(route.bookId);
        if (route.kind === 'contents') {
          return html`<contents-view .bookId=${route.bookId} .book=${this.books.index.info}></contents-view>`;
        }
        return route.kind === 'book'
          ? this.renderBook(route.bookId)
          : this.renderChapter(route.bookId, route.chapterId);
    }
  }

  private renderBook(bookId: string) {
    const book = this.books.index.info;
    const state = this.books.indexState.state;
    if (book === null || state === null) return null;
    if (!book.isCreated && this.books.isIndexEmpty) return renderEmptyBook();
    if (!book.isCreated && state.connection === 'refused') return renderBookMissing();
    if (!book.isCreated) return renderWaiting(state, 'book');
    return html`<book-view
      .bookId=${bookId}
      .book=${book}
      .indexSession=${this.books.indexSession}
      .memberRole=${this.books.actingRole}
      .purgeError=${this.structure.purgeError}
      .people=${this.bookPresence.people}
      .purging=${this.structure.purging}
      .api=${this.services.api}
      @book-rename=${(event: CustomEvent<{ title: string }>) =>
        this.books.writableIndex()?.renameBook(event.detail.title)}
      @chapter-create=${() => this.createChapter(bookId)}
    ></book-view>`;
  }

  /** Chapter titles come from the book's index, the credits from the server. */
  private renderCredits(bookId: string) {
    return html`<credits-view
      .bookId=${bookId}
      .book=${this.books.index.info}
      .state=${this.credits.state}
    ></credits-view>`;
  }

  private renderChapter(bookId: string, chapterId: string) {
    const { chapterLookup, indexState, chapterState } = this.books;
    if (chapterLookup === 'book-missing') {
      return this.books.isIndexEmpty ? renderEmptyBook() : renderBookMissing();
    }
    const isRefusedAsMissing = chapterState.state?.refusal?.code === CloseCode.documentNotFound;
    if (chapterLookup === 'missing' || isRefusedAsMissing) {
      return html`<not-found-page
        heading="Chapter not found"
        message="This book has no such chapter. It may have been a mistyped link."
        back-href=${bookPath(bookId)}
        back-label="See the book's chapters"
      ></not-found-page>`;
    }
    if (chapterLookup === 'waiting' || indexState.state === null) {
      return renderWaiting(indexState.state, 'chapter');
    }
    return html`<chapter-view
      .bookId=${bookId}
      .chapterId=${chapterId}
      .book=${this.books.index.info}
      .session=${this.books.chapterSession}
      .memberRole=${this.books.actingRole}
      .notices=${this.readOnlyNotices}
      .api=${this.services.api}
      .people=${this.bookPresence.people}
      .jumpTo=${this.router.route.kind === 'chapter' ? (this.router.route.blockIndex ?? null) : null}
      .commenting=${this.comments.commenting(
        this.books.commentsSession,
        this.router.route.kind === 'chapter' ? (this.router.route.threadId ?? null) : null,
      )}
      @chapter-create=${() => this.createChapter(bookId)}
      @chapter-rename=${(event: CustomEvent<{ chapterId: string; title: string }>) =>
        this.books.writableIndex()?.renameChapter(event.detail.chapterId, event.detail.title)}
      @chapter-word-count=${(event: CustomEvent<{ chapterId: string; wordCount: number }>) =>
        this.books.recordWordCount(event.detail.chapterId, event.detail.wordCount)}
    ></chapter-view>`;
  }

  /** Loads what a page shows when it is entered (not on every render). */
  private enterRoute(route: Route): void {
    // Entered again once the account is known: a signed-out visitor's start page asks for nothing.
    const isSignedIn = this.account.state.status === 'signed-in';
    const key = JSON.stringify([route, isSignedIn]);
    const isBookRoute =
      route.kind === 'book' ||
      route.kind === 'chapter' ||
      route.kind === 'credits' ||
      route.kind === 'contents' ||
      route.kind === 'members';
    this.access.watch(isBookRoute ? route.bookId : null);
    if (key === this.routeKey) return;
    this.routeKey = key;
    this.titleSync.reset();
    if (route.kind === 'home' && isSignedIn) void this.bookList.load();
    if (route.kind === 'chapter' || route.kind === 'public') void this.services.loadChapterPage();
    if (route.kind === 'members') this.members.open(route.bookId);
    if (route.kind === 'account') this.settings.reset();
    if (route.kind === 'credits') this.credits.open(route.bookId);
    if (route.kind === 'invite') this.invite.open(route.code);
    // Back from signing up (or in) on the invite page: they chose to join; no second click.
    if (route.kind === 'invite' && route.shouldJoin && isSignedIn) void this.onAcceptInvite();
  }

  private createChapter(bookId: string): void {
    const chapterId = this.books.createChapter(bookId);
    if (chapterId !== null) this.router.navigate(chapterPath(bookId, chapterId));
  }

  /** The server creates the book (and makes us its owner); we seed its index and first chapter. */
  private readonly onCreateBook = async (event: CustomEvent<{ title: string }>) => {
    const title = event.detail.title.trim() === '' ? UNTITLED_BOOK : event.detail.title;
    const book = await this.bookList.create(title);
    // Only a member who may write seeds a book; the creator is its owner.
    if (book === null || !capabilitiesOf(book.role).canWrite) return;
    this.cache.saveRole(book.id, book.role);
    this.router.navigate(chapterPath(book.id, this.books.seedBook(book)));
  };

  private readonly onSignIn = async (event: CustomEvent<SignInDetail>) => {
    if (await this.account.signIn(event.detail)) this.afterSignIn();
  };

  private readonly onSignUp = async (event: CustomEvent<SignUpDetail>) => {
    if (await this.account.signUp(event.detail)) this.afterSignIn();
  };

  private afterSignIn(): void {
    const route = this.router.route;
    const next = route.kind === 'sign-in' || route.kind === 'sign-up' ? route.next : '/';
    this.router.navigate(next, { replace: true });
  }

  private readonly onSignOut = async () => {
    this.books.closeAll();
    await this.account.signOut();
    this.router.navigate('/sign-in');
  };

  private readonly onAcceptInvite = async () => {
    const book = await this.invite.accept();
    if (book === null) return;
    this.cache.saveRole(book.id, book.role);
    this.router.navigate(bookPath(book.id), { replace: true });
  };

  private readonly onBeforeUnload = (event: BeforeUnloadEvent) => {
    this.books.flushWordCounts();
    if (!this.books.hasUnsavedChanges) return;
    // Edits on this device survive, but the author should know the server does not have them yet.
    event.preventDefault();
    event.returnValue = '';
  };

  /**
   * The tab may be closing without a beforeunload (mobile browsers, a killed tab): word counts
   * still waiting for their delay are written now, so the chapter list does not go stale.
   */
  private readonly onPageHide = () => {
    this.books.flushWordCounts();
    this.books.announceLeave();
  };

  private readonly onVisibilityChange = () => {
    if (this.services.win.document.visibilityState === 'hidden') this.books.flushWordCounts();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'book-app': BookApp;
  }
}
