import { CloseCode } from '@wethink/shared/client';
import { html } from 'lit';
import type { AppServices } from './book-app';
import { renderBookMissing, renderEmptyBook, renderWaiting } from './book-app-pages';
import type { AppCommentsController } from './app-comments-controller';
import type { BookRouteController } from './book-route-controller';
import { bookPath, type Route } from './route';
import type { Page } from './route-entry';
import type { ReadOnlyNotices } from '../account/read-only-notice';

type ChapterRoute = Extract<Route, { kind: 'chapter' }>;

/** A book's chapter list and its table of contents, from the book's index. */
export class BookPage implements Page<Extract<Route, { kind: 'book' | 'contents' }>> {
  constructor(private readonly deps: { services: AppServices; book: BookRouteController }) {}

  render(route: Extract<Route, { kind: 'book' | 'contents' }>) {
    const { book } = this.deps;
    return book.renderWithAccess(() =>
      route.kind === 'contents'
        ? html`<contents-view .bookId=${route.bookId} .book=${book.books.index.info}></contents-view>`
        : this.renderBook(route.bookId),
    );
  }

  private renderBook(bookId: string) {
    const { books, structure, presence } = this.deps.book;
    const book = books.index.info;
    const state = books.indexState.state;
    if (book === null || state === null) return null;
    if (!book.isCreated && books.isIndexEmpty) return renderEmptyBook();
    if (!book.isCreated && state.connection === 'refused') return renderBookMissing();
    if (!book.isCreated) return renderWaiting(state, 'book');
    return html`<book-view
      .bookId=${bookId}
      .book=${book}
      .indexSession=${books.indexSession}
      .memberRole=${books.actingRole}
      .purgeError=${structure.purgeError}
      .people=${presence.people}
      .purging=${structure.purging}
      .api=${this.deps.services.api}
      @book-rename=${(event: CustomEvent<{ title: string }>) =>
        books.writableIndex()?.renameBook(event.detail.title)}
      @chapter-create=${() => this.deps.book.createChapter(bookId)}
    ></book-view>`;
  }
}

export interface ChapterPageDeps {
  services: AppServices;
  book: BookRouteController;
  comments: AppCommentsController;
  /** What read-only people were told: the app's, so it outlives a chapter page. */
  notices: ReadOnlyNotices;
}

/**
 * A chapter being written. Entering it loads the chapter page's elements (a chunk of their own);
 * the chapter's sessions are the book route's.
 */
export class ChapterPage implements Page<ChapterRoute> {
  constructor(private readonly deps: ChapterPageDeps) {}

  enter(): void {
    void this.deps.services.loadChapterPage();
  }

  render(route: ChapterRoute) {
    return this.deps.book.renderWithAccess(() => this.renderChapter(route));
  }

  private renderChapter(route: ChapterRoute) {
    const { bookId, chapterId } = route;
    const { books, presence } = this.deps.book;
    const { chapterLookup, indexState, chapterState } = books;
    if (chapterLookup === 'book-missing') {
      return books.isIndexEmpty ? renderEmptyBook() : renderBookMissing();
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
      .book=${books.index.info}
      .session=${books.chapterSession}
      .memberRole=${books.actingRole}
      .notices=${this.deps.notices}
      .api=${this.deps.services.api}
      .people=${presence.people}
      .jumpTo=${route.blockIndex ?? null}
      .commenting=${this.deps.comments.commenting(books.commentsSession, route.threadId ?? null)}
      @chapter-create=${() => this.deps.book.createChapter(bookId)}
      @chapter-rename=${(event: CustomEvent<{ chapterId: string; title: string }>) =>
        books.writableIndex()?.renameChapter(event.detail.chapterId, event.detail.title)}
      @chapter-word-count=${(event: CustomEvent<{ chapterId: string; wordCount: number }>) =>
        books.recordWordCount(event.detail.chapterId, event.detail.wordCount)}
    ></chapter-view>`;
  }
}
