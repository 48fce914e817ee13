import type { TrashedChapter } from '@wethink/shared/client';
import { LitElement, css, html, nothing } from 'lit';

/**
 * The book's trash: chapters deleted from the list, kept with their text, history and comments.
 * Writers restore them; the owner purges one for good (asked twice). Reports upward with events.
 */
export class ChapterTrash extends LitElement {
  static override properties = {
    trash: { attribute: false },
    canRestore: { type: Boolean, attribute: 'can-restore' },
    canPurge: { type: Boolean, attribute: 'can-purge' },
    error: {},
    purging: {},
    confirming: { state: true },
  };

  declare trash: readonly TrashedChapter[];
  declare canRestore: boolean;
  declare canPurge: boolean;
  /** Why the last purge failed, if it did. */
  declare error: string | null;
  /** The chapter being deleted for good right now. */
  declare purging: string | null;
  declare confirming: string | null;

  static override styles = css`
    :host {
      display: block;
    }
    ul {
      list-style: none;
      padding: 0;
      margin: 0;
    }
    li {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      padding: 0.3rem 0;
    }
    .title {
      flex: 1;
    }
    button {
      font: inherit;
      padding: 0.25rem 0.6rem;
      border: 1px solid #2f4858;
      border-radius: 4px;
      background: #fff;
      cursor: pointer;
    }
    .danger {
      border-color: #9b2c2c;
      color: #9b2c2c;
    }
  `;

  constructor() {
    super();
    this.trash = [];
    this.canRestore = false;
    this.canPurge = false;
    this.error = null;
    this.purging = null;
    this.confirming = null;
  }

  protected override render() {
    if (this.trash.length === 0) return nothing;
    return html`<section aria-label="Trash">
      <h2>Trash</h2>
      <ul>
        ${this.trash.map(
          (chapter) =>
            html`<li data-chapter-id=${chapter.id}>
              <span class="title">${chapter.title}</span>
              <time datetime=${new Date(chapter.deletedAtMs).toISOString()}
                >${new Date(chapter.deletedAtMs).toLocaleString()}</time
              >
              ${
                this.canRestore
                  ? html`<button type="button" @click=${() => this.emit('chapter-restore', chapter.id)}>
                      Restore
                    </button>`
                  : nothing
              }
              ${this.canPurge ? this.renderPurge(chapter) : nothing}
            </li>`,
        )}
      </ul>
      ${this.error === null ? nothing : html`<p role="alert">${this.error}</p>`}
    </section>`;
  }

  private renderPurge(chapter: TrashedChapter) {
    if (this.purging === chapter.id) return html`<span role="status">Deleting…</span>`;
    if (this.confirming !== chapter.id) {
      return html`<button type="button" class="danger" @click=${() => (this.confirming = chapter.id)}>
        Delete for good
      </button>`;
    }
    return html`<button
        type="button"
        class="danger"
        @click=${() => {
          this.confirming = null;
          this.emit('chapter-purge', chapter.id);
        }}
      >
        Delete "${chapter.title}" and its history for good
      </button>
      <button type="button" @click=${() => (this.confirming = null)}>Keep</button>`;
  }

  private emit(type: 'chapter-restore' | 'chapter-purge', chapterId: string): void {
    this.dispatchEvent(new CustomEvent(type, { detail: { chapterId }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'chapter-trash': ChapterTrash;
  }
  interface HTMLElementEventMap {
    'chapter-restore': CustomEvent<{ chapterId: string }>;
    'chapter-purge': CustomEvent<{ chapterId: string }>;
  }
}
