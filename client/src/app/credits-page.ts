import { html, type ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../api/api-client';
import { CreditsController } from '../history/credits-controller';
import type { BookRouteController } from './book-route-controller';
import type { Route } from './route';
import type { Page } from './route-entry';

type CreditsRoute = Extract<Route, { kind: 'credits' }>;

/** A book's credits: loaded from the server on each visit; chapter titles come from the book's index. */
export class CreditsPage implements Page<CreditsRoute> {
  private readonly credits: CreditsController;

  constructor(
    host: ReactiveControllerHost,
    private readonly deps: { api: ApiClient; book: BookRouteController },
  ) {
    this.credits = new CreditsController(host, { api: deps.api });
  }

  enter(route: CreditsRoute): void {
    this.credits.open(route.bookId);
  }

  render(route: CreditsRoute) {
    return this.deps.book.renderWithAccess(
      () =>
        html`<credits-view
          .bookId=${route.bookId}
          .book=${this.deps.book.books.index.info}
          .state=${this.credits.state}
        ></credits-view>`,
    );
  }
}
