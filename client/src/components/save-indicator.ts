import { LitElement, css, html } from 'lit';
import { ShownStage } from '../collab/save-display';
import { ConnectionStatus } from '../collab/session-state';

const connectionLabels: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  offline: 'Offline',
  refused: 'Disconnected',
};

const stageLabels: Record<ShownStage, string> = {
  saving: 'Saving…',
  memory: 'Only in this tab',
  device: 'On this device',
  sent: 'Sent',
  saved: 'Saved',
};

const stageHints: Record<ShownStage, string> = {
  saving: 'Your latest changes are on their way to this device and the server.',
  memory: 'Your latest changes are being written to this device.',
  device: 'Your changes are stored on this device and will be sent when the server is reachable.',
  sent: 'The server has your changes and is writing them to disk.',
  saved: 'The server has saved all your changes to disk.',
};

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * Tells the truth about a chapter's changes: where they are (this tab, this device, the server,
 * the server's disk) and whether the socket is up. `connection` and `stage` are reflected as
 * attributes so styles and tests can read them.
 */
export class SaveIndicator extends LitElement {
  static override properties = {
    connection: { reflect: true },
    stage: { reflect: true },
    unsavedChanges: { type: Number, attribute: 'unsaved-changes', reflect: true },
    refusalReason: { attribute: false },
  };

  declare connection: ConnectionStatus;
  declare stage: ShownStage;
  declare unsavedChanges: number;
  declare refusalReason: string | null;

  static override styles = css`
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.5rem;
      font-size: 0.85rem;
      color: #4a4a4a;
    }
    .dot {
      width: 0.6rem;
      height: 0.6rem;
      border-radius: 50%;
      background: #b0b0b0;
    }
    :host([connection='live']) .dot {
      background: #2e933c;
    }
    :host([connection='offline']) .dot,
    :host([connection='refused']) .dot {
      background: #d1495b;
    }
    .stage {
      font-weight: 600;
    }
    .pending {
      color: #8a5a00;
    }
  `;

  constructor() {
    super();
    this.connection = ConnectionStatus.connecting;
    this.stage = ShownStage.saved;
    this.unsavedChanges = 0;
    this.refusalReason = null;
  }

  protected override render() {
    const connection =
      this.connection === ConnectionStatus.refused && this.refusalReason !== null
        ? `${connectionLabels.refused}: ${this.refusalReason}`
        : connectionLabels[this.connection];
    return html`<span class="dot" aria-hidden="true"></span>
      <span role="status" aria-live="polite" title=${stageHints[this.stage]}>
        <span class="connection">${connection}</span> ·
        <span class="stage">${stageLabels[this.stage]}</span>
        ${
          this.unsavedChanges > 0 && this.stage !== ShownStage.saving
            ? html`<span class="pending">(${plural(this.unsavedChanges, 'change')} not yet saved)</span>`
            : null
        }
      </span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'save-indicator': SaveIndicator;
  }
}
