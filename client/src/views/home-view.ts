import type { UserView } from '@wethink/shared/client';
import { LitElement, html } from 'lit';
import type { BookListState } from '../account/book-list-controller';
import { bookPath } from '../app/route';

/** The start page: who is signed in, their books with their role in each, and starting a new one. */
export class HomeView extends LitElement {
  static override properties = {
    user: { attribute: false },
    bookList: { attribute: false },
  };

  declare user: UserView | null;
  declare bookList: BookListState;

  constructor() {
    super();
    this.user = null;
    this.bookList = { status: 'idle', books: [], isCreating: false, error: null };
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    const { books, status, isCreating, error } = this.bookList;
    return html`<main class="page home-view">
      <header class="home-view__account">
        ${this.user === null ? null : html`<span>Signed in as <strong>${this.user.name}</strong></span>`}
      </header>
      <h1 class="page__title">wethink</h1>
      <p class="page__lead">Write a book together, live, from anywhere, even offline.</p>
      <form class="home-view__create" @submit=${this.create}>
        <label for="new-book-title">Title of your new book</label>
        <div class="home-view__row">
          <input id="new-book-title" name="title" type="text" maxlength="200" placeholder="Untitled book" />
          <button type="submit" class="button button--primary" ?disabled=${isCreating}>
            Start a new book
          </button>
        </div>
      </form>
      ${error === null ? null : html`<p class="form-error" role="alert">${error}</p>`}
      <section class="home-view__books" aria-labelledby="books-heading">
        <h2 id="books-heading">Your books</h2>
        ${
          status === 'loading' && books.length === 0
            ? html`<p aria-busy="true">Loading your books…</p>`
            : books.length === 0
              ? html`<p>No books yet. Start one, or open an invite link someone sent you.</p>`
              : html`<ul data-testid="book-list">
                  ${books.map(
                    (book) =>
                      html`<li data-book-id=${book.id}>
                        <a href=${bookPath(book.id)}>${book.title}</a>
                        <span class="role-tag">${book.role}</span>
                      </li>`,
                  )}
                </ul>`
        }
      </section>
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
