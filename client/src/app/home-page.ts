import { html, type ReactiveControllerHost } from 'lit';
import type { AccountCache } from '../account/account-cache';
import type { AccountController } from '../account/account-controller';
import { BookListController } from '../account/book-list-controller';
import { capabilitiesOf } from '../account/capabilities';
import type { ApiClient } from '../api/api-client';
import { UNTITLED_BOOK } from '../book/book-index';
import type { BookSessionsController } from './book-sessions-controller';
import { chapterPath } from './route';
import type { Page } from './route-entry';
import type { RouterController } from './router-controller';

export interface HomePageDeps {
  api: ApiClient;
  cache: AccountCache;
  account: AccountController;
  router: RouterController;
  books: BookSessionsController;
}

/** The start page: the member's books, loaded on each visit, and a new book. */
export class HomePage implements Page<{ kind: 'home' }> {
  private readonly bookList: BookListController;

  constructor(
    host: ReactiveControllerHost,
    private readonly deps: HomePageDeps,
  ) {
    this.bookList = new BookListController(host, {
      api: deps.api,
      onSignedOut: () => deps.account.markSignedOut(),
    });
  }

  enter(_route: { kind: 'home' }, isSignedIn: boolean): void {
    if (isSignedIn) void this.bookList.load();
  }

  render() {
    return html`<home-view
      .user=${this.deps.account.user}
      .bookList=${this.bookList.state}
      @book-create=${this.onCreateBook}
    ></home-view>`;
  }

  /** The server creates the book (and makes us its owner); we seed its index and first chapter. */
  private readonly onCreateBook = async (event: CustomEvent<{ title: string }>) => {
    const title = event.detail.title.trim() === '' ? UNTITLED_BOOK : event.detail.title;
    const book = await this.bookList.create(title);
    // Only a member who may write seeds a book; the creator is its owner.
    if (book === null || !capabilitiesOf(book.role).canWrite) return;
    this.deps.cache.saveRole(book.id, book.role);
    this.deps.router.navigate(chapterPath(book.id, this.deps.books.seedBook(book)));
  };
}
