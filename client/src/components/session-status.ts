import { LitElement, html } from 'lit';
import type { CollabSession } from '../collab/collab-session';
import { SessionController } from '../collab/session-controller';

/**
 * A session's `<save-indicator>`, fed by its own subscription: the save stage moves with every
 * keystroke, and only this element renders for it, not the page around it.
 */
export class SessionStatus extends LitElement {
  static override properties = { session: { attribute: false } };

  declare session: CollabSession | null;

  private readonly sessionState = new SessionController(
    this,
    () => this.session,
    ({ connection, save, refusal }) => ({
      connection,
      stage: save.stage,
      unsavedChanges: save.unsavedChanges,
      refusalReason: refusal?.reason ?? null,
    }),
  );

  constructor() {
    super();
    this.session = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    const state = this.sessionState.state;
    if (state === null) return null;
    return html`<save-indicator
      connection=${state.connection}
      stage=${state.save.stage}
      unsaved-changes=${state.save.unsavedChanges}
      .refusalReason=${state.refusal?.reason ?? null}
    ></save-indicator>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'session-status': SessionStatus;
  }
}
