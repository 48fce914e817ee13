import { LitElement, css, html } from 'lit';
import type { Peer } from '../collab/presence';

const activityLabels: Record<Peer['activity'], string> = {
  active: 'here',
  typing: 'typing…',
  idle: 'idle',
};

function isReadOnlyRole(role: Peer['role']): boolean {
  return role === 'reviewer' || role === 'reader';
}

/**
 * Who is in the chapter: name, colour, role in the book (reviewers and readers marked as such),
 * reading mode and activity. Clicking another author asks the view
 * (event `peer-select`) to scroll to their caret.
 */
export class PresenceBar extends LitElement {
  static override properties = { peers: { attribute: false } };

  declare peers: readonly Peer[];

  static override styles = css`
    :host {
      display: block;
    }
    ul {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    button {
      display: inline-flex;
      align-items: center;
      gap: 0.35rem;
      padding: 0.2rem 0.6rem 0.2rem 0.3rem;
      border: 1px solid #d8d2c4;
      border-radius: 999px;
      background: #fff;
      font: inherit;
      font-size: 0.8rem;
      cursor: pointer;
    }
    button:disabled {
      cursor: default;
    }
    .swatch {
      width: 1.3rem;
      height: 1.3rem;
      border-radius: 50%;
      color: #fff;
      display: grid;
      place-items: center;
      font-weight: 700;
      font-size: 0.7rem;
    }
    .activity {
      color: #666;
    }
    [data-activity='typing'] .activity {
      color: #00798c;
      font-weight: 600;
    }
    [data-activity='idle'] {
      opacity: 0.6;
    }
    .role {
      color: #555;
    }
    [data-read-only] .role {
      padding: 0 0.4rem;
      border-radius: 999px;
      background: #fff3d6;
      color: #6b4a00;
      font-weight: 600;
    }
    [data-read-only] .swatch {
      outline: 2px dashed currentColor;
      outline-offset: 1px;
    }
  `;

  constructor() {
    super();
    this.peers = [];
  }

  protected override render() {
    return html`<ul aria-label="People in this chapter">
      ${this.peers.map(
        (peer) =>
          html`<li>
            <button
              type="button"
              data-client-id=${peer.clientId}
              data-activity=${peer.activity}
              data-role=${peer.role ?? 'unknown'}
              ?data-read-only=${isReadOnlyRole(peer.role)}
              ?disabled=${peer.isLocal}
              title=${peer.isLocal ? 'You' : `Go to ${peer.name}'s cursor`}
              @click=${() => this.select(peer)}
            >
              <span class="swatch" style="background:${peer.color}" aria-hidden="true"
                >${peer.name.slice(0, 1).toUpperCase()}</span
              >
              <span class="name">${peer.name}${peer.isLocal ? ' (you)' : ''}</span>
              ${peer.role === null ? null : html`<span class="role">${peer.role}</span>`}
              ${peer.isReading ? html`<span class="mode">reading</span>` : null}
              <span class="activity">${activityLabels[peer.activity]}</span>
            </button>
          </li>`,
      )}
    </ul>`;
  }

  private select(peer: Peer): void {
    if (peer.isLocal) return;
    this.dispatchEvent(
      new CustomEvent('peer-select', { detail: { clientId: peer.clientId }, bubbles: true, composed: true }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'presence-bar': PresenceBar;
  }
  interface HTMLElementEventMap {
    'peer-select': CustomEvent<{ clientId: number }>;
  }
}
