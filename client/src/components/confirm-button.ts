import { LitElement, html, nothing } from 'lit';

/**
 * A button for something that cannot be taken back (remove a member, revoke a link, close a
 * round): the first click asks `question` in place, with `confirm-label` and Cancel; only the
 * confirmation reports `confirm`. Escape or Cancel puts the button back, focused.
 */
export class ConfirmButton extends LitElement {
  static override properties = {
    label: {},
    accessibleLabel: { attribute: 'accessible-label' },
    question: {},
    confirmLabel: { attribute: 'confirm-label' },
    isDisabled: { type: Boolean, attribute: 'disabled' },
    isAsking: { state: true },
  };

  declare label: string;
  /** The first button's accessible name when its label alone is ambiguous ("Remove Ben"). */
  declare accessibleLabel: string;
  declare question: string;
  declare confirmLabel: string;
  declare isDisabled: boolean;
  declare isAsking: boolean;

  constructor() {
    super();
    this.label = '';
    this.accessibleLabel = '';
    this.question = '';
    this.confirmLabel = '';
    this.isDisabled = false;
    this.isAsking = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    if (!this.isAsking) {
      return html`<button
        type="button"
        class="button confirm-button__start"
        aria-label=${this.accessibleLabel === '' ? nothing : this.accessibleLabel}
        ?disabled=${this.isDisabled}
        @click=${() => this.setAsking(true)}
      >
        ${this.label}
      </button>`;
    }
    return html`<span
      class="confirm-button__ask"
      role="group"
      aria-label=${this.question}
      @keydown=${this.onKey}
    >
      <span class="confirm-button__question">${this.question}</span>
      <button type="button" class="button button--danger confirm-button__yes" @click=${this.confirm}>
        ${this.confirmLabel}
      </button>
      <button type="button" class="button" @click=${() => this.setAsking(false)}>Cancel</button>
    </span>`;
  }

  private async setAsking(isAsking: boolean): Promise<void> {
    this.isAsking = isAsking;
    await this.updateComplete;
    const target = isAsking ? '.confirm-button__yes' : '.confirm-button__start';
    this.querySelector<HTMLButtonElement>(target)?.focus();
  }

  private readonly onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    void this.setAsking(false);
  };

  private readonly confirm = () => {
    this.isAsking = false;
    this.dispatchEvent(new CustomEvent('confirm', { bubbles: true }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'confirm-button': ConfirmButton;
  }
  interface HTMLElementEventMap {
    confirm: CustomEvent<void>;
  }
}
