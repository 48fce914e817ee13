import { NoticeKind } from '@wethink/shared/client';
import { LitElement, html } from 'lit';
import { AccountCache, type KeyValueStorage } from '../account/account-cache';
import { AccountController } from '../account/account-controller';
import { ReadOnlyNotices } from '../account/read-only-notice';
import type { ApiClient } from '../api/api-client';
import type { CollabSession, SessionOptions } from '../collab/collab-session';
import { AccountPage, SignInPage } from './account-pages';
import { renderAppBar } from './app-bar';
import { AppCommentsController } from './app-comments-controller';
import { renderLoading } from './book-app-pages';
import { BookPage, ChapterPage } from './book-pages';
import { BookRouteController } from './book-route-controller';
import { CreditsPage } from './credits-page';
import { HomePage } from './home-page';
import { InvitePage, MembersPage } from './member-pages';
import { PublicDraftPage, notFoundPage } from './public-pages';
import { isPublicRoute } from './route';
import { RouteEntry, type Pages } from './route-entry';
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

/**
 * The app shell: routes by URL and composes. Each route has a page (`route-entry.ts`) that loads
 * what it shows when entered and renders from its controllers; the book on screen (access,
 * sessions, presence) is the book route controller's. Here: the account, the app bar, and what
 * the tab's closing needs.
 */
export class BookApp extends LitElement {
  services!: AppServices;

  private account!: AccountController;
  private router!: RouterController;
  private entry!: RouteEntry;
  private book!: BookRouteController;
  private comments!: AppCommentsController;
  private members!: MembersPage;
  private pages!: Pages;

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

  /**
   * Once, before the first connection. The order is the order of their `hostUpdate`s: the route
   * entry (redirects, a visit's loading), then the book on screen, then what they open.
   */
  private createControllers(): void {
    const { services } = this;
    const { api, storage, win, nowMs, fillRandom } = services;
    const cache = new AccountCache(storage);
    const router = new RouterController(this, win);
    const account = new AccountController(this, { api, cache });
    this.router = router;
    this.account = account;
    this.entry = new RouteEntry(this, {
      router,
      account,
      pages: () => this.pages,
      beforeSignInRedirect: () => this.book.books.closeAll(),
      onVisit: () => this.book.titleSync.reset(),
    });
    this.book = new BookRouteController(this, { services, cache, account, router, onNotice: this.onNotice });
    this.comments = new AppCommentsController(this, {
      api,
      storage,
      win,
      nowMs,
      fillRandom,
      getUser: () => account.user,
      navigate: (path) => router.navigate(path),
      hasLiveNotices: () => this.book.books.hasLiveNotices,
    });
    this.pages = this.createPages(cache);
  }

  private createPages(cache: AccountCache): Pages {
    const { services, account, router, book } = this;
    const { api, win } = services;
    const books = book.books;
    const chapter = new ChapterPage({
      services,
      book,
      comments: this.comments,
      notices: new ReadOnlyNotices(),
    });
    const bookPage = new BookPage({ services, book });
    const signIn = new SignInPage({ account, router });
    this.members = new MembersPage(this, { api, account, win });
    return {
      'sign-in': signIn,
      'sign-up': signIn,
      home: new HomePage(this, { api, cache, account, router, books }),
      account: new AccountPage(this, {
        api,
        account,
        router,
        beforeSignOut: () => books.closeAll(),
        signOut: () => void this.signOut(),
      }),
      members: this.members,
      invite: new InvitePage(this, { api, cache, account, router }),
      unknown: notFoundPage,
      public: new PublicDraftPage({ services, account, router }),
      book: bookPage,
      contents: bookPage,
      chapter,
      credits: new CreditsPage(this, { api, book }),
    };
  }

  protected override render() {
    const page = this.renderPage();
    const sheet = html`<shortcuts-sheet></shortcuts-sheet>`;
    if (isPublicRoute(this.router.route)) return html`${page}${sheet}`;
    const bar = renderAppBar({
      user: this.account.user,
      bell: this.comments.renderBell(),
      onSignOut: () => void this.signOut(),
      onShortcuts: () => this.querySelector('shortcuts-sheet')?.open(),
    });
    return html`${bar}${page}${sheet}`;
  }

  /** Pages that need an account wait for it; then the route's page renders. */
  private renderPage() {
    const account = this.account.state;
    if (!isPublicRoute(this.router.route) && account.status !== 'signed-in') {
      return account.status === 'unreachable'
        ? html`<not-found-page
            heading="Cannot reach the server"
            message="You are offline and have not signed in on this device yet. Try again when you are online."
          ></not-found-page>`
        : renderLoading('Opening wethink…');
    }
    return this.entry.render();
  }

  private readonly onNotice = (bookId: string, kind: NoticeKind) => {
    if (kind === NoticeKind.notifications) this.comments.notificationsChanged();
    else {
      this.members.membersChanged(bookId);
      this.comments.membersChanged();
    }
  };

  private async signOut(): Promise<void> {
    this.book.books.closeAll();
    await this.account.signOut();
    this.router.navigate('/sign-in');
  }

  private readonly onBeforeUnload = (event: BeforeUnloadEvent) => {
    this.book.books.writeDown();
    if (!this.book.books.hasUnsavedChanges) return;
    // Edits on this device survive, but the author should know the server does not have them yet.
    event.preventDefault();
    event.returnValue = '';
  };

  /**
   * The tab may be closing without a beforeunload (mobile browsers, a killed tab): word counts
   * and edits still waiting for their delay are written now, so the chapter list does not go
   * stale and the device has every edit. A hidden tab may be discarded without a pagehide.
   */
  private readonly onPageHide = () => {
    this.book.books.writeDown();
    this.book.books.announceLeave();
  };

  private readonly onVisibilityChange = () => {
    if (this.services.win.document.visibilityState === 'hidden') this.book.books.writeDown();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'book-app': BookApp;
  }
}
