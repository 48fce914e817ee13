import { LitElement, css, html, nothing } from 'lit';

export interface FindStatus {
  query: string;
  count: number;
  current: number;
}

/**
 * Find (and, for writers, replace) in the open chapter. Reports what the author asks with events;
 * the chapter view runs them in the editor, whose `find-change` comes back as `status`.
 */
export class FindBar extends LitElement {
  static override properties = {
    status: { attribute: false },
    canReplace: { type: Boolean, attribute: 'can-replace' },
  };

  declare status: FindStatus | null;
  declare canReplace: boolean;

  static override styles = css`
    :host {
      display: block;
    }
    form {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
      align-items: center;
      padding: 0.4rem;
      border: 1px solid #d8d2c4;
      border-radius: 6px;
      background: #fff;
      margin-bottom: 0.5rem;
    }
    input {
      font: inherit;
      padding: 0.25rem 0.4rem;
      border: 1px solid #b9b2a3;
      border-radius: 4px;
    }
    button {
      font: inherit;
      padding: 0.25rem 0.6rem;
      border: 1px solid #2f4858;
      border-radius: 4px;
      background: #fff;
      cursor: pointer;
    }
    .count {
      font-size: 0.85em;
      min-width: 5rem;
    }
  `;

  constructor() {
    super();
    this.status = null;
    this.canReplace = false;
  }

  override focus(): void {
    this.renderRoot.querySelector<HTMLInputElement>('input[name="find"]')?.focus();
  }

  protected override render() {
    const status = this.status;
    const count =
      status === null || status.query === ''
        ? ''
        : status.count === 0
          ? 'No matches'
          : `${status.current + 1} of ${status.count}`;
    return html`<form
      role="search"
      aria-label="Find in chapter"
      @submit=${this.onSubmit}
      @keydown=${this.onKeyDown}
    >
      <input
        name="find"
        type="search"
        aria-label="Find in chapter"
        placeholder="Find"
        @input=${(event: InputEvent) => this.emit('find-query', { query: (event.target as HTMLInputElement).value })}
      />
      <span class="count" role="status" data-testid="find-count">${count}</span>
      <button
        type="button"
        aria-label="Previous match"
        @click=${() => this.emit('find-step', { direction: -1 })}
      >
        ↑
      </button>
      <button type="button" aria-label="Next match" @click=${() => this.emit('find-step', { direction: 1 })}>
        ↓
      </button>
      ${
        this.canReplace
          ? html`<input name="replace" aria-label="Replace with" placeholder="Replace with" />
              <button type="button" @click=${() => this.replace(false)}>Replace</button>
              <button type="button" @click=${() => this.replace(true)}>Replace all</button>`
          : nothing
      }
      <button type="button" aria-label="Close find" @click=${() => this.emit('find-close', undefined)}>
        ✕
      </button>
    </form>`;
  }

  private replace(isAll: boolean): void {
    const replacement = this.renderRoot.querySelector<HTMLInputElement>('input[name="replace"]')?.value ?? '';
    this.emit('find-replace', { replacement, isAll });
  }

  private readonly onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    this.emit('find-step', { direction: 1 });
  };

  private readonly onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') this.emit('find-close', undefined);
    if (event.key === 'Enter' && event.shiftKey) {
      event.preventDefault();
      this.emit('find-step', { direction: -1 });
    }
  };

  private emit<K extends keyof FindBarEvents>(type: K, detail: FindBarEvents[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

interface FindBarEvents {
  'find-query': { query: string };
  'find-step': { direction: 1 | -1 };
  'find-replace': { replacement: string; isAll: boolean };
  'find-close': undefined;
}

declare global {
  interface HTMLElementTagNameMap {
    'find-bar': FindBar;
  }
  interface HTMLElementEventMap {
    'find-query': CustomEvent<{ query: string }>;
    'find-step': CustomEvent<{ direction: 1 | -1 }>;
    'find-replace': CustomEvent<{ replacement: string; isAll: boolean }>;
    'find-close': CustomEvent<undefined>;
  }
}
