import { LitElement, html } from 'lit';
import type { CollabSession } from '../collab/collab-session';
import { SessionController } from '../collab/session-controller';

/**
 * A session's `<presence-bar>`, fed by its own subscription: peers come and go and change their
 * activity while others type, and only this element renders for it.
 */
export class SessionPresence extends LitElement {
  static override properties = { session: { attribute: false } };

  declare session: CollabSession | null;

  private readonly sessionState = new SessionController(
    this,
    () => this.session,
    ({ peers }) => ({ peers }),
  );

  constructor() {
    super();
    this.session = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    return html`<presence-bar .peers=${this.sessionState.state?.peers ?? []}></presence-bar>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'session-presence': SessionPresence;
  }
}
