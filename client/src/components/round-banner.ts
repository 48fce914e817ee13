import type { RoundRecord } from '@wethink/shared/client';
import { LitElement, html } from 'lit';

function day(iso: string): string {
  return new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * Says that the chapter's draft is out with readers while a review round is open: its title,
 * since and until when; readers learn they may comment, the owner gets "Close round". While no
 * round is open only readers see a line, saying when they may comment. Reports `round-close`.
 */
export class RoundBanner extends LitElement {
  static override properties = {
    round: { attribute: false },
    canManage: { type: Boolean, attribute: 'can-manage' },
    isReader: { type: Boolean, attribute: 'reader' },
    isBusy: { type: Boolean, attribute: 'busy' },
  };

  declare round: RoundRecord | null;
  declare canManage: boolean;
  declare isReader: boolean;
  declare isBusy: boolean;

  constructor() {
    super();
    this.round = null;
    this.canManage = false;
    this.isReader = false;
    this.isBusy = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    const round = this.round;
    if (round === null) {
      return this.isReader
        ? html`<p class="round-banner round-banner--closed">
            You can comment on this chapter when its owner sends a draft to readers.
          </p>`
        : null;
    }
    const until = round.endsAt === null ? 'until the owner closes it' : `until ${day(round.endsAt)}`;
    return html`<div class="round-banner" role="status" data-round-id=${round.id}>
      <p>
        <strong>Draft sent to readers:</strong> “${round.title}”, since ${day(round.startsAt)}, ${until}.
        ${this.isReader ? html`<span class="round-banner__reader">You can comment on this draft now.</span>` : null}
      </p>
      ${
        this.canManage
          ? html`<confirm-button
              label="Close round"
              question="Close the round? Readers can no longer comment."
              confirm-label="Yes, close"
              ?disabled=${this.isBusy}
              @confirm=${() => this.dispatchEvent(new CustomEvent('round-close', { detail: { roundId: round.id }, bubbles: true }))}
            ></confirm-button>`
          : null
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'round-banner': RoundBanner;
  }
  interface HTMLElementEventMap {
    'round-close': CustomEvent<{ roundId: string }>;
  }
}
