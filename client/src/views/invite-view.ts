import { LitElement, html } from 'lit';
import { invitePath, signInPath } from '../app/route';
import type { InviteState } from '../members/invite-controller';

const article = (role: string) => (/^[aeiou]/.test(role) ? 'an' : 'a');

/** An invite link: which book, which role, and "Join" (or sign up / in first). */
export class InviteView extends LitElement {
  static override properties = {
    state: { attribute: false },
    isSignedIn: { type: Boolean, attribute: 'signed-in' },
  };

  declare state: InviteState | null;
  declare isSignedIn: boolean;

  constructor() {
    super();
    this.state = null;
    this.isSignedIn = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    const state = this.state;
    if (state === null || state.status === 'loading') {
      return html`<main class="page" aria-busy="true"><p>Opening the invite…</p></main>`;
    }
    if (state.status === 'invalid') {
      return html`<not-found-page
        heading="Invite not valid"
        message=${inviteProblem(state.error)}
      ></not-found-page>`;
    }
    const preview = state.preview;
    if (preview === null) {
      return html`<main class="page"><p class="form-error" role="alert">${state.error}</p></main>`;
    }
    const back = invitePath(state.code, { shouldJoin: true });
    return html`<main class="page invite-view">
      <p class="breadcrumb"><a href="/">wethink</a></p>
      <h1 class="page__title">${preview.bookTitle}</h1>
      <p>
        ${preview.invitedBy === null ? 'You are invited' : html`<strong>${preview.invitedBy}</strong> invited you`}
        to join “${preview.bookTitle}” as ${article(preview.role)} <strong>${preview.role}</strong>.
      </p>
      ${state.isJoining ? html`<p role="status">Joining…</p>` : null}
      ${state.error === null ? null : html`<p class="form-error" role="alert">${state.error}</p>`}
      ${
        this.isSignedIn
          ? html`<button
              type="button"
              class="button button--primary"
              ?disabled=${state.isJoining}
              @click=${() => this.dispatchEvent(new CustomEvent('invite-accept', { bubbles: true }))}
            >
              Join
            </button>`
          : html`<p>
              <a class="button button--primary" href=${signInPath(back, 'sign-up')}
                >Create an account to join</a
              >
              or <a href=${signInPath(back)}>sign in</a>
            </p>`
      }
    </main>`;
  }
}

/** Why the link does not work, as the server said (expired, used up), or the general case. */
function inviteProblem(error: string | null): string {
  const reason =
    error !== null && /expired|used as many/i.test(error)
      ? error
      : 'This invite link does not exist or was revoked.';
  return `${reason} Ask the book's owner for a new one.`;
}

declare global {
  interface HTMLElementTagNameMap {
    'invite-view': InviteView;
  }
  interface HTMLElementEventMap {
    'invite-accept': CustomEvent<undefined>;
  }
}
