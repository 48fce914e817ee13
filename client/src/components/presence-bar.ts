import { LitElement, css, html } from 'lit';
import type { Person } from '../people/people-in-chapter';

const activityLabels: Record<Person['activity'], string> = {
  active: 'here',
  typing: 'typing…',
  idle: 'idle',
};

function isReadOnlyRole(role: Person['role']): boolean {
  return role === 'reviewer' || role === 'reader';
}

/**
 * Who is in the chapter, one entry per person however many tabs they use: initials on their book
 * colour (a cue that does not need colour), name, role in the book (reviewers and readers marked
 * as such), tab count, reading mode and activity. Clicking another person asks the view
 * (event `peer-select`) to scroll to their caret.
 */
export class PresenceBar extends LitElement {
  static override properties = { people: { attribute: false } };

  declare people: readonly Person[];

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
      min-width: 1.5rem;
      height: 1.5rem;
      border-radius: 50%;
      color: #fff;
      display: grid;
      place-items: center;
      font-weight: 700;
      font-size: 0.65rem;
      letter-spacing: 0.02em;
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
    this.people = [];
  }

  protected override render() {
    return html`<ul aria-label="People in this chapter">
      ${this.people.map(
        (person) =>
          html`<li>
            <button
              type="button"
              data-user-id=${person.userId}
              data-activity=${person.activity}
              data-role=${person.role ?? 'unknown'}
              data-color=${person.color}
              ?data-read-only=${isReadOnlyRole(person.role)}
              ?disabled=${person.isLocal || person.cursorClientId === null}
              title=${person.isLocal ? 'You' : `Go to ${person.name}'s cursor`}
              @click=${() => this.select(person)}
            >
              <span class="swatch" style="background:${person.color}" aria-hidden="true"
                >${person.initials}</span
              >
              <span class="name">${person.name}${person.isLocal ? ' (you)' : ''}</span>
              ${person.tabs > 1 ? html`<span class="tabs">${person.tabs} tabs</span>` : null}
              ${person.role === null ? null : html`<span class="role">${person.role}</span>`}
              ${person.isReading ? html`<span class="mode">reading</span>` : null}
              <span class="activity">${activityLabels[person.activity]}</span>
            </button>
          </li>`,
      )}
    </ul>`;
  }

  private select(person: Person): void {
    if (person.isLocal || person.cursorClientId === null) return;
    this.dispatchEvent(
      new CustomEvent('peer-select', {
        detail: { clientId: person.cursorClientId },
        bubbles: true,
        composed: true,
      }),
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
