import type { NoticeKind } from '@wethink/shared/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AccountCache } from '../account/account-cache';
import type { AccountController } from '../account/account-controller';
import { BookStructureController } from '../book/book-structure-controller';
import { BookPresenceController } from '../people/book-presence';
import type { AppServices } from './book-app';
import { renderBookMissing, renderLoading, renderNoAccess } from './book-app-pages';
import { BookAccessController } from './book-access-controller';
import { BookSessionsController } from './book-sessions-controller';
import { BookTitleSync } from './book-title-sync';
import { chapterPath, type Route } from './route';
import type { RouterController } from './router-controller';

/** While a book's socket keeps failing, ask the API at most this often why. */
const ACCESS_RECHECK_INTERVAL_MS = 5000;

export interface BookRouteDeps {
  services: AppServices;
  cache: AccountCache;
  account: AccountController;
  router: RouterController;
  /** A notice from the server on the book's index connection (members or notifications changed). */
  onNotice: (bookId: string, kind: NoticeKind) => void;
}

/** The routes that show one book: they follow its access, sessions, presence and title. */
export type BookRoute = Extract<Route, { kind: 'book' | 'chapter' | 'credits' | 'contents' }>;

function bookIdOf(route: Route): string | null {
  const isBookRoute =
    route.kind === 'book' ||
    route.kind === 'chapter' ||
    route.kind === 'credits' ||
    route.kind === 'contents' ||
    route.kind === 'members';
  return isBookRoute ? route.bookId : null;
}

/**
 * The book on screen, for every page that shows one: checks the member's access, has the sessions
 * controller open what the route shows (read-only for roles that cannot write), announces the
 * chapter in the book's presence and keeps the server's title in step. Follows the route before
 * each render (`hostUpdate`; added before the session controllers it creates, so they see the
 * sessions it opens in the same update).
 */
export class BookRouteController implements ReactiveController {
  readonly access: BookAccessController;
  readonly books: BookSessionsController;
  readonly structure: BookStructureController;
  readonly presence: BookPresenceController;
  readonly titleSync: BookTitleSync;

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    private readonly deps: BookRouteDeps,
  ) {
    host.addController(this);
    const { api, nowMs, fillRandom, openSession } = deps.services;
    const { cache, account, router } = deps;
    const onSignedOut = () => account.markSignedOut();
    this.titleSync = new BookTitleSync({ api });
    this.access = new BookAccessController(host, {
      api,
      cache,
      nowMs,
      recheckIntervalMs: ACCESS_RECHECK_INTERVAL_MS,
      onSignedOut,
    });
    this.books = new BookSessionsController(host, {
      openSession,
      access: this.access,
      cache,
      getUser: () => account.user,
      fillRandom,
      nowMs,
      onNotice: (bookId, kind) => deps.onNotice(bookId, kind),
    });
    this.presence = new BookPresenceController(host);
    this.structure = new BookStructureController(host, {
      api,
      writableIndex: () => this.books.writableIndex(),
      bookId: () => ('bookId' in router.route ? router.route.bookId : null),
      userId: () => account.user?.id ?? null,
      nowMs,
      fillRandom,
    });
  }

  hostUpdate(): void {
    const route = this.deps.router.route;
    this.access.watch(bookIdOf(route));
    this.books.follow(route);
    this.presence.follow(
      this.books.indexSession?.awareness ?? null,
      route.kind === 'chapter' ? route.chapterId : null,
    );
    const info = this.books.index.info;
    if (route.kind === 'book' || route.kind === 'chapter') {
      this.titleSync.check(route.bookId, info?.isCreated ? info.title : undefined, this.access.access);
    }
  }

  /** The page of a book route once access is known; loading, missing or no access until then. */
  renderWithAccess(page: () => unknown): unknown {
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
        return page();
    }
  }

  /** Creates a chapter in the book's index and opens it; nothing for a role that cannot write. */
  createChapter(bookId: string): void {
    const chapterId = this.books.createChapter(bookId);
    if (chapterId !== null) this.deps.router.navigate(chapterPath(bookId, chapterId));
  }
}
