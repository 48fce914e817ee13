import { LitElement, css, html, nothing } from 'lit';
import type { OutlineItem } from '../outline/outline';

/** The open chapter's headings as links; a click asks (`outline-jump`) to scroll the text there. */
export class ChapterOutline extends LitElement {
  static override properties = { items: { attribute: false } };

  declare items: readonly OutlineItem[];

  static override styles = css`
    :host {
      display: block;
      margin-top: 1rem;
    }
    h2 {
      font-size: 0.9rem;
      margin: 0 0 0.3rem;
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    button {
      font: inherit;
      text-align: left;
      width: 100%;
      border: none;
      background: transparent;
      padding: 0.2rem 0.4rem;
      border-radius: 4px;
      cursor: pointer;
    }
    button:hover,
    button:focus {
      background: #ece6d9;
    }
    .level-2 {
      padding-left: 1rem;
    }
    .level-3 {
      padding-left: 2rem;
      font-size: 0.9em;
    }
  `;

  constructor() {
    super();
    this.items = [];
  }

  protected override render() {
    if (this.items.length === 0) return nothing;
    return html`<nav aria-label="Outline">
      <h2>Outline</h2>
      <ol>
        ${this.items.map(
          (item) =>
            html`<li>
              <button type="button" class="level-${item.level}" @click=${() => this.jump(item.blockIndex)}>
                ${item.text}
              </button>
            </li>`,
        )}
      </ol>
    </nav>`;
  }

  private jump(blockIndex: number): void {
    this.dispatchEvent(
      new CustomEvent('outline-jump', { detail: { blockIndex }, bubbles: true, composed: true }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'chapter-outline': ChapterOutline;
  }
  interface HTMLElementEventMap {
    'outline-jump': CustomEvent<{ blockIndex: number }>;
  }
}
