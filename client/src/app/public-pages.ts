import { html } from 'lit';
import type { AccountController } from '../account/account-controller';
import type { AppServices } from './book-app';
import type { Route } from './route';
import type { Page } from './route-entry';
import type { RouterController } from './router-controller';

type PublicRoute = Extract<Route, { kind: 'public' }>;

/** A review round's public draft: the chapter read live, without an account. */
export class PublicDraftPage implements Page<PublicRoute> {
  constructor(
    private readonly deps: { services: AppServices; account: AccountController; router: RouterController },
  ) {}

  /** The draft is shown with the chapter page's elements (a chunk of their own). */
  enter(): void {
    void this.deps.services.loadChapterPage();
  }

  render(route: PublicRoute) {
    const { services, account, router } = this.deps;
    return html`<public-chapter-view
      book-id=${route.bookId}
      chapter-id=${route.chapterId}
      code=${route.code}
      .api=${services.api}
      .openSession=${services.openSession}
      ?signed-in=${account.state.status === 'signed-in'}
      @public-joined=${(event: CustomEvent<{ path: string }>) => router.navigate(event.detail.path)}
    ></public-chapter-view>`;
  }
}

/** Any URL the app does not know. */
export const notFoundPage: Page<Extract<Route, { kind: 'unknown' }>> = {
  render: (route) =>
    html`<not-found-page
      heading="Page not found"
      message="There is no page at ${route.path}."
    ></not-found-page>`,
};
