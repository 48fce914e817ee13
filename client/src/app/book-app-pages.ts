import { html } from 'lit';
import type { SessionState } from '../collab/session-state';

/** Pages the app shell shows in place of a book: loading, missing, no longer shared with you. */

export function renderLoading(message: string) {
  return html`<main class="page page--waiting" aria-busy="true"><p>${message}</p></main>`;
}

export function renderWaiting(state: SessionState | null, what: 'book' | 'chapter') {
  const isOffline = state?.connection === 'offline';
  return html`<main class="page page--waiting" aria-busy="true">
    <p>
      ${
        isOffline
          ? `You are offline and this ${what} is not on this device yet. It will open when the server is reachable.`
          : `Opening the ${what}…`
      }
    </p>
    ${
      state === null
        ? null
        : html`<save-indicator connection=${state.connection} stage=${state.save.stage}></save-indicator>`
    }
  </main>`;
}

/** A book that does not exist and one you are not a member of look the same, on purpose. */
export function renderBookMissing() {
  return html`<not-found-page
    heading="Book not found"
    message="There is no book at this address, or it has not been shared with you. Check the link you were given."
  ></not-found-page>`;
}

/** A member opens a book whose owner never wrote its first chapter (the owner's visit does). */
export function renderEmptyBook() {
  return html`<not-found-page
    heading="This book is still empty"
    message="Its owner has not started it yet. It opens here as soon as they do."
  ></not-found-page>`;
}

export function renderNoAccess(hasUnsavedChanges: boolean) {
  const kept = hasUnsavedChanges ? ' Changes of yours the server had not saved yet stay on this device.' : '';
  return html`<not-found-page
    data-testid="no-access"
    heading="You no longer have access to this book"
    message="The owner removed you from this book, so it can no longer be opened here.${kept}"
  ></not-found-page>`;
}
