import { LitElement, css, html } from 'lit';
import { chapterPath } from '../app/route';
import type { ChapterEntry } from '../book/book-index';
import { formatNumber } from '../format/counts';

function formatCount(count: number): string {
  return `${formatNumber(count)} ${count === 1 ? 'word' : 'words'}`;
}

/** A book's chapters as links, with word counts; `chapter-create` asks for a new one. */
export class ChapterList extends LitElement {
  static override properties = {
    bookId: { attribute: 'book-id' },
    chapters: { attribute: false },
    currentChapterId: { attribute: 'current-chapter-id' },
    canCreate: { type: Boolean, attribute: 'can-create' },
  };

  declare bookId: string;
  declare chapters: readonly ChapterEntry[];
  declare currentChapterId: string | null;
  declare canCreate: boolean;

  static override styles = css`
    :host {
      display: block;
    }
    ol {
      margin: 0 0 0.75rem;
      padding: 0;
      list-style: none;
    }
    a {
      display: flex;
      justify-content: space-between;
      gap: 0.75rem;
      padding: 0.4rem 0.6rem;
      border-radius: 4px;
      color: inherit;
      text-decoration: none;
    }
    a:hover {
      background: #ece6d9;
    }
    a[aria-current='page'] {
      background: #2f4858;
      color: #fff;
    }
    .count {
      opacity: 0.7;
      font-size: 0.85em;
      white-space: nowrap;
    }
    button {
      font: inherit;
      padding: 0.35rem 0.8rem;
      border: 1px solid #2f4858;
      border-radius: 4px;
      background: #fff;
      cursor: pointer;
    }
  `;

  constructor() {
    super();
    this.bookId = '';
    this.chapters = [];
    this.currentChapterId = null;
    this.canCreate = true;
  }

  protected override render() {
    return html`<nav aria-label="Chapters">
      <ol>
        ${this.chapters.map(
          (chapter) =>
            html`<li>
              <a
                href=${chapterPath(this.bookId, chapter.id)}
                data-chapter-id=${chapter.id}
                aria-current=${chapter.id === this.currentChapterId ? 'page' : 'false'}
                ><span class="title">${chapter.title}</span
                ><span class="count">${formatCount(chapter.wordCount)}</span></a
              >
            </li>`,
        )}
      </ol>
      ${
        this.canCreate ? html`<button type="button" @click=${() => this.create()}>New chapter</button>` : null
      }
    </nav>`;
  }

  private create(): void {
    this.dispatchEvent(new CustomEvent('chapter-create', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'chapter-list': ChapterList;
  }
  interface HTMLElementEventMap {
    'chapter-create': CustomEvent<undefined>;
  }
}
