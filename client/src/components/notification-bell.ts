import type { NotificationView } from '@wethink/shared/client';
import { LitElement, html } from 'lit';
import type { NotificationsState } from '../comments/notifications-controller';

function when(iso: string): string {
  return new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * The header's bell: how many mentions are unread, and the list of them. Choosing one reports
 * `notification-open` (the app opens its chapter on the thread and marks it read); "Mark all
 * read" reports `notifications-read`.
 */
export class NotificationBell extends LitElement {
  static override properties = {
    state: { attribute: false },
    isOpen: { state: true },
  };

  declare state: NotificationsState | null;
  declare isOpen: boolean;

  constructor() {
    super();
    this.state = null;
    this.isOpen = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    const state = this.state;
    if (state === null) return null;
    const unread = state.unread;
    return html`<div class="notification-bell">
      <button
        type="button"
        class="button notification-bell__button"
        aria-expanded=${String(this.isOpen)}
        aria-label=${unread === 0 ? 'Notifications' : `Notifications, ${unread} unread`}
        @click=${() => (this.isOpen = !this.isOpen)}
      >
        <span aria-hidden="true">🔔</span
        >${unread === 0 ? null : html`<span class="count-badge">${unread}</span>`}
      </button>
      ${this.isOpen ? this.renderList(state) : null}
    </div>`;
  }

  private renderList(state: NotificationsState) {
    const unreadIds = state.notifications.filter((entry) => entry.readAt === null).map((entry) => entry.id);
    return html`<section class="notification-bell__list" aria-label="Notifications">
      ${state.error === null ? null : html`<p class="form-error" role="alert">${state.error}</p>`}
      ${
        state.notifications.length === 0
          ? html`<p class="notification-bell__empty">Nobody has mentioned you yet.</p>`
          : html`<ol>
              ${state.notifications.map((entry) => this.renderEntry(entry))}
            </ol>`
      }
      ${
        unreadIds.length === 0
          ? null
          : html`<button
              type="button"
              class="link-button"
              @click=${() => this.emit('notifications-read', { ids: unreadIds })}
            >
              Mark all read
            </button>`
      }
    </section>`;
  }

  private renderEntry(entry: NotificationView) {
    return html`<li
      class=${entry.readAt === null ? 'notification notification--unread' : 'notification'}
      data-notification-id=${entry.id}
    >
      <button
        type="button"
        class="notification__open"
        @click=${() => {
          this.isOpen = false;
          this.emit('notification-open', { notification: entry });
        }}
      >
        <strong>${entry.fromName}</strong> mentioned you: “${entry.excerpt}”
        <time datetime=${entry.createdAt}>${when(entry.createdAt)}</time>
      </button>
    </li>`;
  }

  private emit<K extends keyof NotificationBellEvents>(type: K, detail: NotificationBellEvents[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
  }
}

interface NotificationBellEvents {
  'notification-open': { notification: NotificationView };
  'notifications-read': { ids: number[] };
}

declare global {
  interface HTMLElementTagNameMap {
    'notification-bell': NotificationBell;
  }
  interface HTMLElementEventMap {
    'notification-open': CustomEvent<NotificationBellEvents['notification-open']>;
    'notifications-read': CustomEvent<NotificationBellEvents['notifications-read']>;
  }
}
