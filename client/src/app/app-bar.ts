import type { UserView } from '@wethink/shared/client';
import { html, type TemplateResult } from 'lit';
import { ACCOUNT_PATH } from './route';

/**
 * The bar above every signed-in page: the way home, the notifications bell, the account page
 * (under the person's name) and signing out, so none of them needs the start page.
 */
export function renderAppBar(deps: {
  user: UserView | null;
  bell: TemplateResult;
  onSignOut: () => void;
  onShortcuts: () => void;
}) {
  if (deps.user === null) return null;
  return html`<header class="app-bar">
    <a class="app-bar__home" href="/">wethink</a>
    <nav class="app-bar__account" aria-label="Account">
      <button
        type="button"
        class="app-bar__button"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (Ctrl+/)"
        @click=${deps.onShortcuts}
      >
        ?
      </button>
      ${deps.bell}
      <a class="app-bar__link" href=${ACCOUNT_PATH} title="Your account">${deps.user.name}</a>
      <button type="button" class="app-bar__button" @click=${deps.onSignOut}>Sign out</button>
    </nav>
  </header>`;
}
