import { LitElement, css, html, nothing } from 'lit';
import type { ApiClient } from '../api/api-client';
import { passagePath } from '../app/route';
import { SearchController } from '../search/search-controller';

/** Renders `snippet` with its `[start, end)` matches marked. */
function marked(snippet: string, matches: readonly [number, number][]) {
  const parts = [];
  let at = 0;
  for (const [from, to] of matches) {
    if (from < at) continue;
    parts.push(snippet.slice(at, from), html`<mark>${snippet.slice(from, to)}</mark>`);
    at = to;
  }
  parts.push(snippet.slice(at));
  return parts;
}

/**
 * A search box over the whole book (the server's index) with its results: chapter, passage with
 * the words marked, and a link that opens the chapter at that passage.
 */
export class BookSearch extends LitElement {
  static override properties = {
    bookId: { attribute: 'book-id' },
    api: { attribute: false },
  };

  declare bookId: string;
  declare api: ApiClient | null;
  private readonly search = new SearchController(this, { api: () => this.api, bookId: () => this.bookId });

  static override styles = css`
    :host {
      display: block;
      margin: 0.75rem 0;
    }
    input {
      font: inherit;
      width: 100%;
      box-sizing: border-box;
      padding: 0.35rem 0.5rem;
      border: 1px solid #b9b2a3;
      border-radius: 4px;
    }
    ol {
      list-style: none;
      padding: 0;
      margin: 0.5rem 0 0;
      max-height: 50vh;
      overflow-y: auto;
    }
    li a {
      display: block;
      padding: 0.35rem 0.4rem;
      border-radius: 4px;
      color: inherit;
      text-decoration: none;
    }
    li a:hover,
    li a:focus {
      background: #ece6d9;
    }
    .chapter {
      font-weight: 600;
      font-size: 0.85em;
    }
    mark {
      background: #f6d77a;
    }
    .status {
      font-size: 0.85em;
      opacity: 0.8;
    }
  `;

  constructor() {
    super();
    this.bookId = '';
    this.api = null;
  }

  protected override render() {
    return html`<search>
      <input
        type="search"
        aria-label="Search this book"
        placeholder="Search this book"
        maxlength="500"
        @input=${(event: InputEvent) => this.search.type((event.target as HTMLInputElement).value)}
        @keydown=${(event: KeyboardEvent) => {
          if (event.key === 'Enter') this.search.submit((event.target as HTMLInputElement).value);
        }}
      />
      ${this.renderResults()}
    </search>`;
  }

  private renderResults() {
    const state = this.search.state;
    switch (state.status) {
      case 'idle':
        return nothing;
      case 'searching':
        return html`<p class="status" role="status">Searching…</p>`;
      case 'failed':
        return html`<p class="status" role="alert">${state.message}</p>`;
      case 'done': {
        const { hits, isTruncated } = state.view;
        if (hits.length === 0) return html`<p class="status" role="status">Nothing found.</p>`;
        return html`<p class="status" role="status">
            ${hits.length}${isTruncated ? '+' : ''} ${hits.length === 1 ? 'passage' : 'passages'}
          </p>
          <ol aria-label="Search results" data-testid="search-results">
            ${hits.map(
              (hit) =>
                html`<li>
                  <a href=${passagePath(this.bookId, hit.chapterId, hit.blockIndex)}
                    ><span class="chapter">${hit.chapterTitle}</span
                    ><br />${marked(hit.snippet, hit.matches)}</a
                  >
                </li>`,
            )}
          </ol>`;
      }
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'book-search': BookSearch;
  }
}
