import { LitElement, css, html } from 'lit';

/**
 * A title that reads as a heading and edits in place. Commits on Enter or blur with
 * `title-change`; Escape restores the current value. Remote renames show unless it is being edited.
 */
export class InlineTitle extends LitElement {
  static override properties = {
    value: {},
    label: {},
    isReadOnly: { type: Boolean, attribute: 'read-only' },
  };

  declare value: string;
  declare label: string;
  declare isReadOnly: boolean;

  static override styles = css`
    :host {
      display: block;
    }
    input {
      width: 100%;
      box-sizing: border-box;
      border: 1px solid transparent;
      border-radius: 4px;
      padding: 0.1rem 0.3rem;
      margin-left: -0.3rem;
      background: transparent;
      font: inherit;
      color: inherit;
    }
    input:hover:not([readonly]),
    input:focus {
      border-color: #d8d2c4;
      background: #fff;
      outline: none;
    }
  `;

  constructor() {
    super();
    this.value = '';
    this.label = 'Title';
    this.isReadOnly = false;
  }

  protected override render() {
    return html`<input
      .value=${this.value}
      aria-label=${this.label}
      ?readonly=${this.isReadOnly}
      maxlength="200"
      @keydown=${(event: KeyboardEvent) => this.onKey(event)}
      @change=${(event: Event) => this.commit(event.target as HTMLInputElement)}
    />`;
  }

  private onKey(event: KeyboardEvent): void {
    const input = event.target as HTMLInputElement;
    if (event.key === 'Enter') input.blur();
    if (event.key === 'Escape') {
      input.value = this.value;
      input.blur();
    }
  }

  private commit(input: HTMLInputElement): void {
    const title = input.value.trim();
    if (title === '' || title === this.value) {
      input.value = this.value;
      return;
    }
    this.dispatchEvent(new CustomEvent('title-change', { detail: { title }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'inline-title': InlineTitle;
  }
  interface HTMLElementEventMap {
    'title-change': CustomEvent<{ title: string }>;
  }
}
