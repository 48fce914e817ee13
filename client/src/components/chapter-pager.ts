import { neighboursOf } from '@wethink/shared/client';
import { LitElement, css, html, nothing } from 'lit';
import { chapterPath, contentsPath } from '../app/route';
import type { BookInfo } from '../book/book-index';

/** Links to the previous and next chapters in reading order, and to the table of contents. */
export class ChapterPager extends LitElement {
  static override properties = {
    bookId: { attribute: 'book-id' },
    chapterId: { attribute: 'chapter-id' },
    book: { attribute: false },
  };

  declare bookId: string;
  declare chapterId: string;
  declare book: BookInfo | null;

  static override styles = css`
    nav {
      display: flex;
      justify-content: space-between;
      gap: 1rem;
      margin-top: 1rem;
    }
    a {
      color: inherit;
    }
  `;

  constructor() {
    super();
    this.bookId = '';
    this.chapterId = '';
    this.book = null;
  }

  protected override render() {
    if (this.book === null) return nothing;
    const { previous, next } = neighboursOf(this.book, this.chapterId);
    return html`<nav aria-label="Chapter pages">
      <span
        >${
          previous
            ? html`<a rel="prev" href=${chapterPath(this.bookId, previous.id)}>← ${previous.title}</a>`
            : nothing
        }</span
      >
      <a href=${contentsPath(this.bookId)}>Contents</a>
      <span
        >${next ? html`<a rel="next" href=${chapterPath(this.bookId, next.id)}>${next.title} →</a>` : nothing}</span
      >
    </nav>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'chapter-pager': ChapterPager;
  }
}
