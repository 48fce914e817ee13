import { LitElement, html } from 'lit';
import type { ReadOnlyNotice } from '../account/read-only-notice';

/**
 * One notice about the text: beside the caret when `notice.place` is set (a refused edit), above
 * the text otherwise (a changed role). A polite live region, so screen readers hear it once.
 * Reports `notice-dismiss`.
 */
export class EditNotice extends LitElement {
  static override properties = { notice: { attribute: false } };

  declare notice: ReadOnlyNotice | null;

  constructor() {
    super();
    this.notice = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    const notice = this.notice;
    // The live region stays in the page: a region added together with its text is often not read.
    const place = notice?.place ?? null;
    const style =
      place === null ? '' : `left: clamp(0px, ${place.left}px, calc(100% - 22rem)); top: ${place.top}px`;
    return html`<div
      class="edit-notice ${place === null ? '' : 'edit-notice--at-caret'}"
      role="status"
      style=${style}
      ?hidden=${notice === null}
    >
      ${
        notice === null
          ? null
          : html`<span class="edit-notice__text">${notice.text}</span>
              <button type="button" class="edit-notice__dismiss" aria-label="Dismiss" @click=${this.dismiss}>
                ×
              </button>`
      }
    </div>`;
  }

  private readonly dismiss = () => {
    this.dispatchEvent(new CustomEvent('notice-dismiss', { bubbles: true }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'edit-notice': EditNotice;
  }
  interface HTMLElementEventMap {
    'notice-dismiss': CustomEvent<void>;
  }
}
