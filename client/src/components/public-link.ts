import type { RoundRecord } from '@wethink/shared/client';
import { LitElement, html, nothing } from 'lit';

/**
 * The owner's control for an open review round's public link: make the draft public, copy its
 * link, withdraw it. Reports `public-link-set` ({ roundId, isPublic }); the round record (with its
 * `publicCode`) comes back through the comments document.
 */
export class PublicLink extends LitElement {
  static override properties = {
    round: { attribute: false },
    /** The link's address when the round has a code (built by the page), or ''. */
    href: {},
    isBusy: { type: Boolean, attribute: 'busy' },
    copied: { state: true },
  };

  declare round: RoundRecord | null;
  declare href: string;
  declare isBusy: boolean;
  declare copied: boolean;

  constructor() {
    super();
    this.round = null;
    this.href = '';
    this.isBusy = false;
    this.copied = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    const round = this.round;
    if (round === null) return nothing;
    const set = (isPublic: boolean) => () =>
      this.dispatchEvent(
        new CustomEvent('public-link-set', { detail: { roundId: round.id, isPublic }, bubbles: true }),
      );
    if (!round.publicCode) {
      return html`<p class="public-link">
        <button type="button" class="button" ?disabled=${this.isBusy} @click=${set(true)}>
          Make this draft public
        </button>
        <span class="public-link__hint">Anyone with the link reads it live, without an account.</span>
      </p>`;
    }
    return html`<p class="public-link">
      Public link: <a class="public-link__href" href=${this.href}>${this.href}</a>
      <button type="button" class="button" @click=${this.copy}>
        ${this.copied ? 'Copied' : 'Copy link'}
      </button>
      <button type="button" class="button" ?disabled=${this.isBusy} @click=${set(false)}>
        Withdraw link
      </button>
    </p>`;
  }

  private readonly copy = async () => {
    try {
      await navigator.clipboard.writeText(this.href);
      this.copied = true;
    } catch (error) {
      // No clipboard permission (an insecure origin, a denied prompt): the link stays selectable.
      if (!(error instanceof Error)) throw error;
      this.copied = false;
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'public-link': PublicLink;
  }
  interface HTMLElementEventMap {
    'public-link-set': CustomEvent<{ roundId: string; isPublic: boolean }>;
  }
}
