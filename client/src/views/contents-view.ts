import { LitElement, html, nothing } from 'lit';
import { bookPath, chapterPath } from '../app/route';
import type { BookInfo, ChapterEntry } from '../book/book-index';
import { formatCount } from '../format/counts';

/** The book's table of contents: parts and chapters, numbered in reading order, as links. */
export class ContentsView extends LitElement {
  static override properties = {
    bookId: { attribute: 'book-id' },
    book: { attribute: false },
  };

  declare bookId: string;
  declare book: BookInfo | null;

  constructor() {
    super();
    this.bookId = '';
    this.book = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    const book = this.book;
    if (book === null) return nothing;
    const numberOf = new Map(book.chapters.map((chapter, index) => [chapter.id, index + 1]));
    const byId = new Map(book.chapters.map((chapter) => [chapter.id, chapter]));
    const row = (chapter: ChapterEntry | undefined) =>
      chapter === undefined
        ? nothing
        : html`<li>
            <a href=${chapterPath(this.bookId, chapter.id)}
              ><span class="contents__number">${numberOf.get(chapter.id)}.</span> ${chapter.title}</a
            >
            <span class="contents__count">${formatCount(chapter.wordCount, 'word')}</span>
          </li>`;
    return html`<main class="page contents-view">
      <p class="breadcrumb"><a href=${bookPath(this.bookId)}>${book.title}</a></p>
      <h1 class="page__title">Contents</h1>
      <ol class="contents" data-testid="contents">
        ${book.toc.map((item) => {
          if (item.kind === 'chapter') return row(byId.get(item.id));
          const part = book.parts.find((entry) => entry.id === item.id);
          if (part === undefined) return nothing;
          return html`<li class="contents__part">
            <h2>${part.title}</h2>
            <ol>
              ${part.chapterIds.map((id) => row(byId.get(id)))}
            </ol>
          </li>`;
        })}
      </ol>
      <p>${formatCount(book.wordCount, 'word')} in ${book.chapters.length} chapters</p>
    </main>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'contents-view': ContentsView;
  }
}
