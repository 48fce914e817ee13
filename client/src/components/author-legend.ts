import { LitElement, html } from 'lit';
import type { AuthorInfo } from '../history/author-directory';

/**
 * Who is who in coloured text (authors' colours, a diff): each person's colour with their
 * initials on it, a cue that does not need colour vision, and their name.
 */
export class AuthorLegend extends LitElement {
  static override properties = { authors: { attribute: false }, label: {} };

  declare authors: readonly AuthorInfo[];
  declare label: string;

  constructor() {
    super();
    this.authors = [];
    this.label = 'Authors';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    if (this.authors.length === 0) return null;
    return html`<ul class="author-legend" aria-label=${this.label}>
      ${this.authors.map(
        (author) =>
          html`<li class="author-legend__entry" data-author=${author.name} data-color=${author.color}>
            <span class="person-mark" style="background:${author.color}" aria-hidden="true"
              >${author.initials}</span
            >
            ${author.name}
          </li>`,
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'author-legend': AuthorLegend;
  }
}
