import { LitElement, html } from 'lit';
import { bookPath } from '../app/route';
import type { BookInfo } from '../book/book-index';
import { creditsText } from '../history/credits-text';
import type { CreditsState } from '../history/credits-controller';

/**
 * A book's credits: who wrote it, by the words of theirs still in the text, for the book and each
 * chapter, as plain text to copy into the front matter.
 */
export class CreditsView extends LitElement {
  static override properties = {
    bookId: { attribute: 'book-id' },
    book: { attribute: false },
    state: { attribute: false },
    isCopied: { state: true },
  };

  declare bookId: string;
  declare book: BookInfo | null;
  declare state: CreditsState | null;
  declare isCopied: boolean;

  constructor() {
    super();
    this.bookId = '';
    this.book = null;
    this.state = null;
    this.isCopied = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    const state = this.state;
    const title = this.book?.title ?? 'Book';
    const body =
      state === null || state.status === 'loading'
        ? html`<p aria-busy="true">Counting who wrote what…</p>`
        : state.status === 'failed' || state.credits === null
          ? html`<p class="form-error" role="alert">${state.error}</p>`
          : this.renderText(creditsText(title, state.credits, this.book?.chapters ?? []));
    return html`<main class="page credits-view">
      <p class="breadcrumb"><a href="/">wethink</a> › <a href=${bookPath(this.bookId)}>${title}</a></p>
      <h1 class="page__title">Credits</h1>
      <p>Authors by the words of theirs still in the text.</p>
      ${body}
    </main>`;
  }

  private renderText(text: string) {
    return html`<pre class="credits-view__text" data-testid="credits-text">${text}</pre>
      <button type="button" class="button" @click=${() => this.copy(text)}>
        ${this.isCopied ? 'Copied' : 'Copy'}
      </button>`;
  }

  private copy(text: string): void {
    navigator.clipboard.writeText(text).then(
      () => (this.isCopied = true),
      // No clipboard permission: select the text so the author can copy it by hand.
      () => {
        const pre = this.querySelector('.credits-view__text');
        if (pre !== null) getSelection()?.selectAllChildren(pre);
      },
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'credits-view': CreditsView;
  }
}
