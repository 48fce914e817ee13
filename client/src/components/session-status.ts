import { LitElement, html } from 'lit';
import type { CollabSession } from '../collab/collab-session';
import { SaveDisplayController } from '../collab/save-display-controller';
import { SessionController } from '../collab/session-controller';

/**
 * A session's `<save-indicator>`, fed by its own subscriptions: the connection as it changes, the
 * save stage once it settles (it moves through four stages with every keystroke), and only this
 * element renders for them, not the page around it.
 */
export class SessionStatus extends LitElement {
  static override properties = { session: { attribute: false } };

  declare session: CollabSession | null;

  private readonly sessionState = new SessionController(
    this,
    () => this.session,
    ({ connection, refusal }) => ({ connection, refusalReason: refusal?.reason ?? null }),
  );
  private readonly save = new SaveDisplayController(this, () => this.session);

  constructor() {
    super();
    this.session = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    const state = this.sessionState.state;
    const save = this.save.shown;
    if (state === null || save === null) return null;
    return html`<save-indicator
      connection=${state.connection}
      stage=${save.stage}
      unsaved-changes=${save.unsavedChanges}
      .refusalReason=${state.refusal?.reason ?? null}
    ></save-indicator>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'session-status': SessionStatus;
  }
}
