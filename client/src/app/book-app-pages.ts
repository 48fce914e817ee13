import type { CreateInviteRequest, Role } from '@wethink/shared/client';
import { html } from 'lit';
import type { SessionState } from '../collab/session-state';
import type { MembersController } from '../members/members-controller';

/** Pages the app shell shows in place of a book: loading, missing, no longer shared with you; its members. */

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

/** A book's people page, its actions going to the members controller. */
export function renderMembersPage(members: MembersController, currentUserId: string, origin: string) {
  const state = members.state;
  if (state.status === 'not-found') return renderBookMissing();
  return html`<members-view
    .state=${state}
    current-user-id=${currentUserId}
    origin=${origin}
    @member-role-change=${(event: CustomEvent<{ userId: string; role: Role }>) =>
      void members.setRole(event.detail.userId, event.detail.role)}
    @member-remove=${(event: CustomEvent<{ userId: string }>) => void members.remove(event.detail.userId)}
    @member-block=${(event: CustomEvent<{ userId: string }>) => void members.block(event.detail.userId)}
    @member-color-change=${(event: CustomEvent<{ userId: string; color: string }>) =>
      void members.setColor(event.detail.userId, event.detail.color)}
    @invite-create=${(event: CustomEvent<CreateInviteRequest>) => void members.createInvite(event.detail)}
    @invite-revoke=${(event: CustomEvent<{ inviteId: string }>) => void members.revokeInvite(event.detail.inviteId)}
  ></members-view>`;
}
