import { LitElement, html } from 'lit';
import { bookPath } from '../app/route';
import type { RecentBook } from '../app/recent-books';

/** The start page: start a new book, or go back to one opened before. */
export class HomeView extends LitElement {
  static override properties = { recentBooks: { attribute: false } };

  declare recentBooks: readonly RecentBook[];

  constructor() {
    super();
    this.recentBooks = [];
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    return html`<main class="page home-view">
      <h1 class="page__title">wethink</h1>
      <p class="page__lead">Write a book together, live, from anywhere, even offline.</p>
      <form class="home-view__create" @submit=${this.create}>
        <label for="new-book-title">Title of your new book</label>
        <div class="home-view__row">
          <input id="new-book-title" name="title" type="text" maxlength="200" placeholder="Untitled book" />
          <button type="submit" class="button button--primary">Start a new book</button>
        </div>
      </form>
      ${
        this.recentBooks.length === 0
          ? null
          : html`<section class="home-view__recent" aria-labelledby="recent-heading">
              <h2 id="recent-heading">Your books</h2>
              <ul>
                ${this.recentBooks.map((book) => html`<li><a href=${bookPath(book.id)}>${book.title}</a></li>`)}
              </ul>
            </section>`
      }
    </main>`;
  }

  private create(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const title = new FormData(form).get('title');
    this.dispatchEvent(
      new CustomEvent('book-create', {
        detail: { title: typeof title === 'string' ? title : '' },
        bubbles: true,
      }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'home-view': HomeView;
  }
  interface HTMLElementEventMap {
    'book-create': CustomEvent<{ title: string }>;
  }
}
